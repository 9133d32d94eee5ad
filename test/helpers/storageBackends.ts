import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BUNDLED_REPORT } from '../../src/config.js';
import { openTestLedger, type TestLedger } from './openTestLedger.js';
import { freshDatabase } from './testDatabase.js';

export interface OpenOptions {
  clock: () => number;
  readOnly?: boolean;
}

/** One empty store of one implementation: open it as often as a test likes, then clean up. */
export interface StoreUnderTest {
  open(options: OpenOptions): Promise<TestLedger>;
  /** For the bot: the environment that selects this store. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export interface StorageBackend {
  name: 'files' | 'postgres';
  create(): Promise<StoreUnderTest>;
}

/** Every implementation of the storage port; a contract test runs once per entry. */
export const STORAGE_BACKENDS: readonly StorageBackend[] = [
  {
    name: 'files',
    async create() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-store-'));
      return {
        open: (o) => openTestLedger(dir, { seedReport: BUNDLED_REPORT, ...o }),
        env: { DATA_DIR: dir },
        cleanup: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'postgres',
    async create() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-evidence-'));
      const db = await freshDatabase();
      return {
        open: (o) => openTestLedger(dir, { seedReport: BUNDLED_REPORT, database: { url: db.url, poolMax: 4 }, ...o }),
        env: { DATA_DIR: dir, DATABASE_URL: db.url },
        async cleanup() {
          await db.drop();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
];
