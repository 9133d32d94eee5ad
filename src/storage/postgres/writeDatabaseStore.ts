import type { StoreContents } from '../StoreContents.js';
import { StoreNotEmptyError } from '../StoreNotEmptyError.js';
import { createPool, type DatabaseOptions } from './createPool.js';
import { migrate, readMigrations } from './migrate.js';
import { MIGRATIONS_DIR } from './migrationsDir.js';
import { DEFAULT_LEDGER } from './openPgStorage.js';
import { inTransaction, insertEventRows, insertLedgerRows, insertOutboxRows } from './rows.js';

/** Writes a whole store into a database that has no ledger yet, in one transaction: all or nothing. */
export async function writeDatabaseStore(
  db: DatabaseOptions,
  contents: StoreContents,
  ledgerId = DEFAULT_LEDGER,
): Promise<void> {
  const pool = createPool(db);
  try {
    await migrate(pool, await readMigrations(MIGRATIONS_DIR));
    await inTransaction(pool, async (client) => {
      if (!(await insertLedgerRows(client, ledgerId, contents.ledger)))
        throw new StoreNotEmptyError('数据库中已有台账：只能迁移到没有台账的数据库，请换一个空数据库');
      await insertEventRows(client, ledgerId, contents.history);
      await insertOutboxRows(client, ledgerId, contents.outbox);
    });
  } finally {
    await pool.end();
  }
}
