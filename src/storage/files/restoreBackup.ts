import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { type BackupSet, pruneBackups } from './backups.js';
import { acquireDataLock } from './dataLock.js';
import { DB_FILE, EVENTS_FILE, LEDGERS_DIR, OUTBOX_FILE } from './fileNames.js';
import { PRIVATE_DIR } from './privateModes.js';
import { ledgerFolders, type TakenBackup, takeBackup } from './takeBackup.js';
import { writeFileAtomic } from './writeFileAtomic.js';

export interface Restored {
  /** The set of what was there before, unless the folder held nothing. */
  before?: TakenBackup;
  /** Data files written from the set; the others were removed, as the set had none. */
  written: string[];
  /** Ids of further ledgers removed because the set has none of them (imported after it was taken). */
  removedLedgers: string[];
}

/**
 * Puts a set back in place of the data files, under the data lock (throws DataLockedError while the
 * bot runs). What it replaces is backed up first, so a restore of the wrong set can itself be undone.
 * A file the set lacks is removed: an outbox older than the ledger's backup would not match it.
 */
export async function restoreBackup(dataDir: string, set: BackupSet, now: number, timeZone: string): Promise<Restored> {
  const release = acquireDataLock(dataDir);
  try {
    const before = await takeBackup(dataDir, now, timeZone);
    // Nothing else reads the files while the lock is held; a restore cut short is finished by running it again.
    const setLedgers = set.files[LEDGERS_DIR];
    const kept = setLedgers ? await ledgerFolders(path.dirname(setLedgers)) : [];
    const removedLedgers = (await ledgerFolders(dataDir)).filter((id) => !kept.includes(id));
    for (const id of removedLedgers) await rm(path.join(dataDir, LEDGERS_DIR, id), { recursive: true });
    const written: string[] = [];
    for (const id of kept) {
      const target = path.join(dataDir, LEDGERS_DIR, id);
      await mkdir(target, { recursive: true, mode: PRIVATE_DIR });
      const files = Object.fromEntries([DB_FILE, EVENTS_FILE].map((f) => [f, path.join(setLedgers!, id, f)]));
      written.push(...(await putBack(target, files, [EVENTS_FILE, DB_FILE], `${LEDGERS_DIR}/${id}/`)));
    }
    written.push(...(await putBack(dataDir, set.files, [EVENTS_FILE, OUTBOX_FILE, DB_FILE])));
    if (!before.files.length) await rm(before.dir, { recursive: true });
    await pruneBackups(dataDir);
    return { ...(before.files.length && { before }), written, removedLedgers };
  } finally {
    release();
  }
}

/** Writes each named file from the set into `dir`, or removes it where the set has none; returns those written. */
async function putBack(
  dir: string,
  files: Record<string, string | undefined>,
  names: readonly string[],
  prefix = '',
): Promise<string[]> {
  const written: string[] = [];
  for (const name of names) {
    const target = path.join(dir, name);
    const source = files[name];
    const bytes = source && (await readFile(source).catch(unlessMissing));
    if (bytes) {
      await writeFileAtomic(target, bytes);
      written.push(prefix + name);
    } else await rm(target, { force: true });
  }
  return written;
}

function unlessMissing(err: NodeJS.ErrnoException): undefined {
  if (err.code === 'ENOENT') return undefined;
  throw err;
}
