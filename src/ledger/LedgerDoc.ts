import type { ItemBase, ReportContext } from './item.js';

/**
 * 2: the outbox moved from db.json to outbox.json.
 * 3: items may carry label, statusText, deadline, leader, unit, people and remarks (imported ledgers).
 *    All are optional, so a schema-2 file is read as it is; the step keeps older programs from
 *    opening a ledger whose fields they would silently drop.
 */
export const SCHEMA_VERSION = 3;

/** The ledger that was the only one before several could sit side by side: its files are DATA_DIR's own. */
export const DEFAULT_LEDGER_ID = 'default';

/** The ledger as imported. Its history is kept apart (events), so this is written when it is created. */
export interface LedgerFile {
  schemaVersion: number;
  /** Stable id (a folder name); absent in files from before several ledgers, which are DEFAULT_LEDGER_ID. */
  id?: string;
  /** Short name people read, e.g. 巡察2021; derived from the source when absent. */
  name?: string;
  /** What people type before an item number when there are several ledgers, e.g. 审 in 「进度 审20」. */
  code?: string;
  /** A finished ledger: out of digests and 我的, still searchable and exportable. */
  archived?: boolean;
  createdAt: number;
  source: string;
  categories: string[];
  context: ReportContext;
  items: ItemBase[];
}
