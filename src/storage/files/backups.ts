import { chmod, copyFile, link, mkdir, open, readdir, rm, truncate } from 'node:fs/promises';
import path from 'node:path';
import { zonedParts } from '../../text/zonedParts.js';
import { PRIVATE_DIR, PRIVATE_FILE } from './privateModes.js';

/** Sets kept: every start makes one, so this is the last ten starts (and `cli backup`s). */
export const KEEP_SETS = 10;

/** One moment's copy of the data folder: `backups/<stamp>/` with db.json, outbox.json, events.jsonl. */
export interface BackupSet {
  name: string;
  time: number;
  /** Data file name (db.json) → where its copy is. Older versions wrote `db-<stamp>.json` flat in backups/. */
  files: Record<string, string>;
  /** What to remove when it is pruned. */
  paths: string[];
}

// 2026-12-01T20-15-03+0800 (a set, in TZ) or 2026-12-01T12-15-03-123Z (flat files before sets).
const STAMP = /(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)(?:-(\d{3})Z|([+-]\d\d)(\d\d))/;
const SET_NAME = new RegExp(`^${STAMP.source}(?:-(\\d+))?$`);
const FLAT_NAME = new RegExp(`^(.+)-${STAMP.source}(\\.[^.]+)$`);

export function backupDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

function stampTime(m: RegExpExecArray, at: number): number {
  const [date, h, min, s, ms, offH, offM] = m.slice(at, at + 7);
  const zone = ms !== undefined ? 'Z' : `${offH}:${offM}`;
  return Date.parse(`${date}T${h}:${min}:${s}${ms !== undefined ? `.${ms}` : ''}${zone}`);
}

/** When a backup was taken, read from its set folder's name or, for the older flat files, its own name. */
export function backupTime(file: string): number {
  const flat = FLAT_NAME.exec(path.basename(file));
  if (flat) return stampTime(flat, 2);
  const set = SET_NAME.exec(path.basename(path.dirname(file)));
  return set ? stampTime(set, 1) : Number.NaN;
}

/** Makes a new, empty set folder named by the time in the ledger's zone; a second one in the same second gets -2. */
export async function createBackupSet(dataDir: string, now: number, timeZone: string): Promise<string> {
  const root = backupDir(dataDir);
  await mkdir(root, { recursive: true, mode: PRIVATE_DIR });
  const { date, time, offset } = zonedParts(now, timeZone);
  const stamp = `${date}T${time.replaceAll(':', '-')}${offset}`;
  for (let n = 1; ; n++) {
    const dir = path.join(root, n === 1 ? stamp : `${stamp}-${n}`);
    try {
      await mkdir(dir, { mode: PRIVATE_DIR });
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

export async function copyInto(setDir: string, file: string): Promise<string> {
  const target = path.join(setDir, path.basename(file));
  await copyFile(file, target);
  await chmod(target, PRIVATE_FILE); // a copy keeps the source's mode, which may predate private files
  return target;
}

/**
 * A hard link instead of a copy, for the append-only history at start: free whatever its size, it
 * grows with the file, and it keeps every line if events.jsonl is deleted or renamed over. It is no
 * defence against damage inside the file, which the append-only format makes unlikely.
 */
export async function linkInto(setDir: string, file: string): Promise<string> {
  const target = path.join(setDir, path.basename(file));
  await link(file, target);
  return target;
}

/** A copy of a history another process may be appending to, cut after its last whole line. */
export async function copyWholeLines(setDir: string, file: string): Promise<string> {
  const target = await copyInto(setDir, file);
  await truncate(target, await lastLineEnd(target));
  return target;
}

async function lastLineEnd(file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const chunk = Buffer.alloc(65536);
    for (let end = (await handle.stat()).size; end > 0; ) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline >= 0) return start + newline + 1;
      end = start;
    }
    return 0;
  } finally {
    await handle.close();
  }
}

/** Every set, oldest first: the set folders, and the flat files older versions wrote, one set per stamp. */
export async function listBackupSets(dataDir: string): Promise<BackupSet[]> {
  const root = backupDir(dataDir);
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const sets = new Map<string, BackupSet & { n: number }>();
  for (const entry of entries) {
    const full = path.join(root, entry.name);
    const set = entry.isDirectory() ? SET_NAME.exec(entry.name) : null;
    if (set) {
      const files = Object.fromEntries((await readdir(full)).map((f) => [f, path.join(full, f)]));
      sets.set(entry.name, { name: entry.name, time: stampTime(set, 1), files, paths: [full], n: Number(set[8] ?? 1) });
      continue;
    }
    const flat = entry.isFile() ? FLAT_NAME.exec(entry.name) : null;
    if (!flat) continue;
    const stamp = flat[0].slice(flat[1]!.length + 1, -flat[9]!.length);
    const old = sets.get(stamp) ?? { name: stamp, time: stampTime(flat, 2), files: {}, paths: [], n: 0 };
    old.files[`${flat[1]}${flat[9]}`] = full;
    old.paths.push(full);
    sets.set(stamp, old);
  }
  return [...sets.values()].sort((a, b) => a.time - b.time || a.n - b.n).map(({ n: _, ...set }) => set);
}

/** The newest backup of one data file (db.json, events.jsonl…), from whichever set holds one. */
export async function newestBackup(dataDir: string, file: string): Promise<string | undefined> {
  const name = path.basename(file);
  return (await listBackupSets(dataDir)).findLast((s) => s.files[name])?.files[name];
}

export async function pruneBackups(dataDir: string): Promise<void> {
  const sets = await listBackupSets(dataDir);
  const old = sets.slice(0, Math.max(0, sets.length - KEEP_SETS)).flatMap((s) => s.paths);
  await Promise.all(old.map((p) => rm(p, { recursive: true, force: true })));
}
