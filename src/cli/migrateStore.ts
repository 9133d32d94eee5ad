import { existsSync } from 'node:fs';
import type { Config } from '../config.js';
import { acquireDataLock } from '../storage/files/dataLock.js';
import { openFileStorage } from '../storage/files/openFileStorage.js';
import { LedgerMissingError } from '../storage/files/LedgerMissingError.js';
import { writeFileStore } from '../storage/files/writeFileStore.js';
import { openPgStorage } from '../storage/postgres/openPgStorage.js';
import { writeDatabaseStore } from '../storage/postgres/writeDatabaseStore.js';
import type { Storage } from '../storage/Storage.js';
import { type ContentsSummary, readContents, type StoreContents, summarize } from '../storage/StoreContents.js';
import { CliFailure } from './CliFailure.js';
import { CliUsageError } from './CliUsageError.js';
import { parseCommandArgs } from './parseCommandArgs.js';

export const migrateStoreUsage =
  'migrate-store --to postgres|files   在 DATA_DIR 与 DATABASE_URL 之间复制台账、历史和发件箱（先停止机器人）';

/**
 * Copies the whole store from files to PostgreSQL or back, into an empty target, then reads the
 * target back and compares counts and checksums. The source is only read.
 */
export async function migrateStore(argv: string[], config: Config): Promise<string> {
  const { values } = parseCommandArgs(argv, { usage: migrateStoreUsage, options: { to: { type: 'string' } } });
  if (values.to !== 'postgres' && values.to !== 'files')
    throw new CliUsageError(migrateStoreUsage, '--to 应为 postgres 或 files');
  const db = config.database;
  if (!db) throw new CliFailure('没有设置 DATABASE_URL：迁移需要知道是哪个数据库（另一端是 DATA_DIR）');
  const toDatabase = values.to === 'postgres';
  const openFiles = (readOnly: boolean) => openFileStorage(config.dataDir, { clock: Date.now, readOnly });
  const openDatabase = () => openPgStorage(db, { clock: Date.now, readOnly: true, evidenceRoot: config.dataDir });

  const source = toDatabase
    ? await readFilesUnderLock(config.dataDir, () => openFiles(true))
    : await read(openDatabase);
  if (toDatabase) await writeDatabaseStore(db, source);
  else await writeFileStore(config.dataDir, source);
  const copied = summarize(await read(toDatabase ? openDatabase : () => openFiles(true)));
  const expected = summarize(source);
  const differs = differences(expected, copied);
  if (differs.length) throw new CliFailure(`复制后校验不一致：${differs.join('、')}。源数据未改动；请清空目标后重试。`);
  const sent = source.outbox.filter((r) => r.state === 'sent').length;
  const short = (hash: string) => hash.slice(0, 12);
  const { ledgers, history, outbox } = copied.sha256;
  return [
    toDatabase
      ? `已把台账从 ${config.dataDir} 复制到 PostgreSQL：`
      : `已把台账从 PostgreSQL 复制到 ${config.dataDir}：`,
    `· 台账 ${copied.ledgers} 本，事项 ${copied.items} 项，历史 ${copied.events} 条，发件箱 ${copied.outbox} 条（已发送 ${sent} 条）`,
    `· 校验一致：sha256 台账 ${short(ledgers)}，历史 ${short(history)}，发件箱 ${short(outbox)}`,
    `· 源数据未改动；佐证照片仍在 ${config.dataDir}/evidence，各实例须共用这个目录。`,
  ].join('\n');
}

async function read(open: () => Promise<Storage>): Promise<StoreContents> {
  const storage = await open();
  try {
    return await readContents(storage);
  } finally {
    await storage.close();
  }
}

/** The folder's lock proves no bot is writing while it is copied; a missing folder is not created. */
async function readFilesUnderLock(dataDir: string, open: () => Promise<Storage>): Promise<StoreContents> {
  if (!existsSync(dataDir)) throw new LedgerMissingError(`${dataDir} 不存在：没有可迁移的台账`);
  const release = acquireDataLock(dataDir);
  try {
    return await read(open);
  } finally {
    release();
  }
}

function differences(expected: ContentsSummary, actual: ContentsSummary): string[] {
  const out: string[] = [];
  for (const [key, name] of [
    ['ledgers', '台账数'],
    ['items', '事项数'],
    ['events', '历史条数'],
    ['outbox', '发件箱条数'],
  ] as const)
    if (expected[key] !== actual[key]) out.push(`${name} ${expected[key]} → ${actual[key]}`);
  for (const [key, name] of [
    ['ledgers', '台账'],
    ['history', '历史'],
    ['outbox', '发件箱'],
  ] as const)
    if (expected.sha256[key] !== actual.sha256[key]) out.push(`${name}校验和`);
  return out;
}
