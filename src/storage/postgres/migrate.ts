import { LedgerMissingError } from '../files/LedgerMissingError.js';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool, PoolClient } from 'pg';

export const NO_LEDGER_IN_DATABASE = '数据库中还没有台账（先运行 npm start 或 npm run cli -- migrate-store）';

/** Any constant shared by every instance; only migrations take it. */
const MIGRATION_LOCK = 0x7265_6374;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** NNN_name.sql files, in version order. */
export async function readMigrations(dir: string): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const m = /^(\d+)_.+\.sql$/.exec(name);
    if (m) migrations.push({ version: Number(m[1]), name, sql: await readFile(path.join(dir, name), 'utf8') });
  }
  return migrations;
}

/**
 * Brings the schema up to the newest migration, all in one transaction under an advisory lock, so
 * instances starting together apply each migration once and a failed one leaves nothing behind.
 * A database already migrated past what this program knows is refused: its data may not fit.
 */
export async function migrate(pool: Pool, migrations: readonly Migration[]): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const current = await schemaVersion(client);
    refuseNewer(current, migrations);
    for (const m of migrations) {
      if (m.version <= current) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    await client.query('COMMIT');
    return Math.max(current, ...migrations.map((m) => m.version));
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** For read-only opens: the schema must exist and not be newer than the code; nothing is changed. */
export async function checkSchema(pool: Pool, migrations: readonly Migration[]): Promise<void> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query("SELECT to_regclass('schema_migrations') AS t");
    if (rows[0].t === null) throw new LedgerMissingError(NO_LEDGER_IN_DATABASE);
    refuseNewer(await schemaVersion(client), migrations);
  } finally {
    client.release();
  }
}

async function schemaVersion(client: PoolClient): Promise<number> {
  const { rows } = await client.query('SELECT coalesce(max(version), 0) AS v FROM schema_migrations');
  return Number(rows[0].v);
}

function refuseNewer(current: number, migrations: readonly Migration[]): void {
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (current > known)
    throw new Error(`数据库的结构版本是 ${current}，本程序只认识到 ${known}，请升级 rectify-bot 后再启动`);
}
