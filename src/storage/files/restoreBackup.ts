import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { type BackupSet, pruneBackups } from './backups.js';
import { acquireDataLock } from './dataLock.js';
import { DB_FILE, EVENTS_FILE, OUTBOX_FILE } from './fileNames.js';
import { type TakenBackup, takeBackup } from './takeBackup.js';
import { writeFileAtomic } from './writeFileAtomic.js';

export interface Restored {
  /** The set of what was there before, unless the folder held nothing. */
  before?: TakenBackup;
  /** Data files written from the set; the others were removed, as the set had none. */
  written: string[];
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
    const written: string[] = [];
    // Nothing else reads the files while the lock is held; a restore cut short is finished by running it again.
    for (const name of [EVENTS_FILE, OUTBOX_FILE, DB_FILE]) {
      const target = path.join(dataDir, name);
      const source = set.files[name];
      if (source) {
        await writeFileAtomic(target, await readFile(source));
        written.push(name);
      } else await rm(target, { force: true });
    }
    if (!before.files.length) await rm(before.dir, { recursive: true });
    await pruneBackups(dataDir);
    return { ...(before.files.length && { before }), written };
  } finally {
    release();
  }
}
