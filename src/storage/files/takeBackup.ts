import { access, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { copyInto, copyWholeLines, createBackupSet } from './backups.js';
import { DB_FILE, EVENTS_FILE, LEDGERS_DIR, OUTBOX_FILE } from './fileNames.js';
import { PRIVATE_DIR } from './privateModes.js';

export interface TakenBackup {
  dir: string;
  /** The copies made; a data file that does not exist has none. */
  files: string[];
}

/**
 * A backup set of the data folder as it is now, whole even while the bot writes it: db.json and
 * outbox.json are only ever replaced by rename, so a copy reads one version entirely, and the
 * append-only history is cut after its last whole line. Histories are copied after the outbox, so
 * they are at least as new as it (a change notice in the outbox never lacks its update). Further
 * ledgers go into ledgers/<id>/ inside the set, as they lie in the data folder.
 */
export async function takeBackup(dataDir: string, now: number, timeZone: string): Promise<TakenBackup> {
  const dir = await createBackupSet(dataDir, now, timeZone);
  const files = await copyFiles(dataDir, dir, [DB_FILE, OUTBOX_FILE]);
  for (const id of await ledgerFolders(dataDir)) {
    const sub = path.join(dir, LEDGERS_DIR, id);
    await mkdir(sub, { recursive: true, mode: PRIVATE_DIR });
    files.push(...(await copyFiles(path.join(dataDir, LEDGERS_DIR, id), sub, [DB_FILE, EVENTS_FILE])));
  }
  files.push(...(await copyFiles(dataDir, dir, [EVENTS_FILE])));
  return { dir, files };
}

/** The folders of the ledgers beside the first (DATA_DIR/ledgers/<id>), by id. */
export async function ledgerFolders(dataDir: string): Promise<string[]> {
  const entries = await readdir(path.join(dataDir, LEDGERS_DIR), { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

async function copyFiles(from: string, to: string, names: readonly string[]): Promise<string[]> {
  const copies: string[] = [];
  for (const name of names) {
    const file = path.join(from, name);
    if (!(await exists(file))) continue;
    copies.push(await (name === EVENTS_FILE ? copyWholeLines(to, file) : copyInto(to, file)));
  }
  return copies;
}

function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
