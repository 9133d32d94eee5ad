import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type LedgerFile, SCHEMA_VERSION } from '../../ledger/LedgerDoc.js';
import type { StoreContents } from '../StoreContents.js';
import { StoreNotEmptyError } from '../StoreNotEmptyError.js';
import { AtomicJsonFile } from './AtomicJsonFile.js';
import { acquireDataLock } from './dataLock.js';
import { DB_FILE, EVENTS_FILE, LEDGERS_DIR, OUTBOX_FILE } from './fileNames.js';
import type { OutboxFile } from './FileOutboxStore.js';
import { PRIVATE_DIR } from './privateModes.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * Writes a whole store into a data folder that has none, under its lock: the first ledger in the
 * folder itself, each further one under ledgers/<id>/. Each db.json goes after its history: until it
 * exists the folder holds no ledger, and the bot refuses the history beside it rather than guess.
 */
export async function writeFileStore(dataDir: string, contents: StoreContents): Promise<void> {
  const release = acquireDataLock(dataDir);
  try {
    for (const name of [DB_FILE, EVENTS_FILE, OUTBOX_FILE, LEDGERS_DIR]) {
      const file = path.join(dataDir, name);
      const present = await access(file).then(
        () => true,
        () => false,
      );
      if (present) throw new StoreNotEmptyError(`${file} 已存在：只能迁移到没有台账的数据目录，请换一个空目录`);
    }
    await new AtomicJsonFile<OutboxFile>(path.join(dataDir, OUTBOX_FILE)).write({
      schemaVersion: SCHEMA_VERSION,
      outbox: [...contents.outbox],
    });
    for (const [i, { file, history }] of contents.ledgers.entries()) {
      const dir = i === 0 ? dataDir : path.join(dataDir, LEDGERS_DIR, file.id);
      await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
      await writeFileAtomic(path.join(dir, EVENTS_FILE), history.map((e) => `${JSON.stringify(e)}\n`).join(''));
      await new AtomicJsonFile<LedgerFile>(path.join(dir, DB_FILE)).write(file);
    }
  } finally {
    release();
  }
}
