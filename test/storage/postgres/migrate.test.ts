import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { BUNDLED_REPORT } from '../../../src/config.js';
import { openLedger } from '../../../src/storage/openLedger.js';
import { readMigrations } from '../../../src/storage/postgres/migrate.js';
import { MIGRATIONS_DIR } from '../../../src/storage/postgres/migrationsDir.js';
import { START_MS } from '../../helpers/testBot.js';
import { freshDatabase, type TestDatabase, withClient } from '../../helpers/testDatabase.js';

let db: TestDatabase;
let dir: string;
beforeEach(async () => {
  db = await freshDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-evidence-'));
});
afterEach(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

const open = (readOnly = false) =>
  openLedger(dir, {
    clock: () => START_MS,
    seedReport: BUNDLED_REPORT,
    readOnly,
    database: { url: db.url, poolMax: 2 },
  });

test('instances starting together on an empty database migrate once and seed one ledger', async () => {
  const opened = await Promise.all([open(), open(), open()]);
  const counts = opened.map((o) => o.ledger.itemCount);
  await Promise.all(opened.map((o) => o.storage.close()));
  assert.deepEqual(counts, [53, 53, 53]);
  const known = await readMigrations(MIGRATIONS_DIR);
  await withClient(db.url, async (c) => {
    const versions = await c.query('SELECT version FROM schema_migrations ORDER BY version');
    assert.deepEqual(
      versions.rows.map((r) => r.version),
      known.map((m) => m.version),
    );
    assert.equal((await c.query('SELECT ledger_id FROM ledgers')).rows.length, 1);
    assert.equal(Number((await c.query('SELECT count(*) AS n FROM items')).rows[0].n), 53);
  });
});

test('a database migrated by a newer program is refused, in words an operator can act on', async () => {
  await (await open()).storage.close();
  await withClient(db.url, (c) =>
    c.query("INSERT INTO schema_migrations (version, name) VALUES (999, '999_future.sql')"),
  );
  await assert.rejects(open(), /数据库的结构版本是 999，本程序只认识到 \d+，请升级 rectify-bot/);
  await assert.rejects(open(true), /数据库的结构版本是 999/);
});

test('a read-only open of an empty database says there is no ledger and creates nothing', async () => {
  await assert.rejects(open(true), /数据库中还没有台账/);
  await withClient(db.url, async (c) => {
    assert.equal((await c.query("SELECT to_regclass('schema_migrations') AS t")).rows[0].t, null);
  });
});
