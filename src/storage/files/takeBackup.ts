import { access } from 'node:fs/promises';
import path from 'node:path';
import { copyInto, copyWholeLines, createBackupSet } from './backups.js';
import { DB_FILE, EVENTS_FILE, OUTBOX_FILE } from './fileNames.js';

export interface TakenBackup {
  dir: string;
  /** The copies made; a data file that does not exist has none. */
  files: string[];
}

/**
 * A backup set of the data folder as it is now, whole even while the bot writes it: db.json and
 * outbox.json are only ever replaced by rename, so a copy reads one version entirely, and the
 * append-only history is cut after its last whole line. The history is copied last, so it is at
 * least as new as the outbox beside it (a change notice in the outbox never lacks its update).
 */
export async function takeBackup(dataDir: string, now: number, timeZone: string): Promise<TakenBackup> {
  const dir = await createBackupSet(dataDir, now, timeZone);
  const files: string[] = [];
  for (const name of [DB_FILE, OUTBOX_FILE, EVENTS_FILE]) {
    const file = path.join(dataDir, name);
    if (!(await exists(file))) continue;
    files.push(await (name === EVENTS_FILE ? copyWholeLines(dir, file) : copyInto(dir, file)));
  }
  return { dir, files };
}

function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
