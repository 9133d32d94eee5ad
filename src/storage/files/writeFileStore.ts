import { access } from 'node:fs/promises';
import path from 'node:path';
import { type LedgerFile, SCHEMA_VERSION } from '../../ledger/LedgerDoc.js';
import type { StoreContents } from '../StoreContents.js';
import { StoreNotEmptyError } from '../StoreNotEmptyError.js';
import { AtomicJsonFile } from './AtomicJsonFile.js';
import { acquireDataLock } from './dataLock.js';
import { DB_FILE, EVENTS_FILE, OUTBOX_FILE } from './fileNames.js';
import type { OutboxFile } from './FileOutboxStore.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * Writes a whole store into a data folder that has none, under its lock. db.json goes last: until
 * it exists the folder holds no ledger, and the bot refuses the history beside it rather than guess.
 */
export async function writeFileStore(dataDir: string, contents: StoreContents): Promise<void> {
  const release = acquireDataLock(dataDir);
  try {
    for (const name of [DB_FILE, EVENTS_FILE, OUTBOX_FILE]) {
      const file = path.join(dataDir, name);
      const present = await access(file).then(
        () => true,
        () => false,
      );
      if (present) throw new StoreNotEmptyError(`${file} 已存在：只能迁移到没有台账的数据目录，请换一个空目录`);
    }
    await writeFileAtomic(
      path.join(dataDir, EVENTS_FILE),
      contents.history.map((e) => `${JSON.stringify(e)}\n`).join(''),
    );
    await new AtomicJsonFile<OutboxFile>(path.join(dataDir, OUTBOX_FILE)).write({
      schemaVersion: SCHEMA_VERSION,
      outbox: [...contents.outbox],
    });
    await new AtomicJsonFile<LedgerFile>(path.join(dataDir, DB_FILE)).write(contents.ledger);
  } finally {
    release();
  }
}
