import type { ParsedReport } from '../ledger/item.js';

/** A line or row the reader left out, and why: shown by import and import --dry-run. */
export interface Skipped {
  /** 第 12 行 (a notice's line) or 第 5 行 (a sheet's row), 1-based as the user's editor or Excel shows it. */
  at: number;
  text: string;
  reason: string;
}

/**
 * What a reader makes of a file, before anything is stored: the report shape the ledger is built from,
 * plus what the user should check. Independent of storage, so a second ledger can reuse it.
 */
export interface ImportedLedger extends ParsedReport {
  /** How the file was read, e.g. “文本通报，GB18030” or “Excel 表格，工作表 台账”. */
  readAs: string;
  /** Things read but doubtful: a stated total that does not match, an unknown status word. */
  warnings: string[];
  skipped: Skipped[];
}
