import type { ItemBase, ReportContext } from './item.js';

/** 2: the outbox moved from db.json to outbox.json. */
export const SCHEMA_VERSION = 2;

/** The ledger as imported. Its history is kept apart (events), so this is written when it is created. */
export interface LedgerFile {
  schemaVersion: number;
  createdAt: number;
  source: string;
  categories: string[];
  context: ReportContext;
  items: ItemBase[];
}
