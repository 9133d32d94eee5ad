import type { ItemBase, ReportContext } from './item.js';

/**
 * 2: the outbox moved from db.json to outbox.json.
 * 3: items may carry label, statusText, deadline, leader, unit, people and remarks (imported ledgers).
 *    All are optional, so a schema-2 file is read as it is; the step keeps older programs from
 *    opening a ledger whose fields they would silently drop.
 */
export const SCHEMA_VERSION = 3;

/** The ledger as imported. Its history is kept apart (events), so this is written when it is created. */
export interface LedgerFile {
  schemaVersion: number;
  createdAt: number;
  source: string;
  categories: string[];
  context: ReportContext;
  items: ItemBase[];
}
