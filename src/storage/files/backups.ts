import { chmod, copyFile, link, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { PRIVATE_DIR, PRIVATE_FILE } from './privateModes.js';

const KEEP = 5;

export function backupDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

/** Copies a file into DATA_DIR/backups with a sortable timestamp, keeping the newest few per name. */
export function backupFile(dataDir: string, file: string, now: number): Promise<string> {
  return keep(dataDir, file, now, async (target) => {
    await copyFile(file, target);
    await chmod(target, PRIVATE_FILE); // a copy keeps the source's mode, which may predate private files
  });
}

/**
 * A hard link instead of a copy, for the append-only history: free whatever its size, it grows
 * with the file, and it keeps every line if events.jsonl is deleted or renamed over. It is no
 * defence against damage inside the file, which the append-only format makes unlikely.
 */
export function linkBackup(dataDir: string, file: string, now: number): Promise<string> {
  return keep(dataDir, file, now, async (target) => {
    await rm(target, { force: true });
    await link(file, target);
  });
}

async function keep(dataDir: string, file: string, now: number, put: (target: string) => Promise<void>) {
  const dir = backupDir(dataDir);
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  const { name, ext } = path.parse(file);
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const target = path.join(dir, `${name}-${stamp}${ext}`);
  await put(target);
  await prune(dir, name, ext);
  return target;
}

/** When a backup was taken, read back from its name. */
export function backupTime(file: string): number {
  const stamp = /-(\d{4}-\d\d-\d\dT\d\d)-(\d\d)-(\d\d)-(\d{3})Z\.[^.]+$/.exec(path.basename(file));
  return stamp ? Date.parse(`${stamp[1]}:${stamp[2]}:${stamp[3]}.${stamp[4]}Z`) : Number.NaN;
}

export async function newestBackup(dataDir: string, file: string): Promise<string | undefined> {
  const { name, ext } = path.parse(file);
  const names = await listBackups(backupDir(dataDir), name, ext);
  return names.length ? path.join(backupDir(dataDir), names[names.length - 1]!) : undefined;
}

async function listBackups(dir: string, name: string, ext: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.startsWith(`${name}-`) && f.endsWith(ext)).sort();
  } catch {
    return [];
  }
}

async function prune(dir: string, name: string, ext: string): Promise<void> {
  const names = await listBackups(dir, name, ext);
  await Promise.all(
    names.slice(0, Math.max(0, names.length - KEEP)).map((f) => rm(path.join(dir, f), { force: true })),
  );
}
