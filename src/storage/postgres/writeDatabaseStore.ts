import type { StoreContents } from '../StoreContents.js';
import { StoreNotEmptyError } from '../StoreNotEmptyError.js';
import { createPool, type DatabaseOptions } from './createPool.js';
import { migrate, readMigrations } from './migrate.js';
import { MIGRATIONS_DIR } from './migrationsDir.js';
import { inTransaction, insertEventRows, insertLedgerRows, insertOutboxRows } from './rows.js';

/** Writes a whole store into a database that has no ledger yet, in one transaction: all or nothing. */
export async function writeDatabaseStore(db: DatabaseOptions, contents: StoreContents): Promise<void> {
  const pool = createPool(db);
  try {
    await migrate(pool, await readMigrations(MIGRATIONS_DIR));
    await inTransaction(pool, async (client) => {
      const { rows } = await client.query('SELECT (SELECT count(*) FROM ledgers) + (SELECT count(*) FROM outbox) AS n');
      if (Number(rows[0].n) > 0)
        throw new StoreNotEmptyError('数据库中已有台账或发件箱记录：只能迁移到空数据库，请换一个空数据库');
      for (const { file, history } of contents.ledgers) {
        await insertLedgerRows(client, file.id, file);
        await insertEventRows(client, file.id, history);
      }
      await insertOutboxRows(client, contents.outbox);
    });
  } finally {
    await pool.end();
  }
}
