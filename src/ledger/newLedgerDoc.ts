import type { ParsedReport } from './item.js';
import { SCHEMA_VERSION, type LedgerFile } from './LedgerDoc.js';

export function newLedgerDoc(report: ParsedReport, source: string, now: number): LedgerFile {
  return {
    schemaVersion: SCHEMA_VERSION,
    createdAt: now,
    source,
    categories: report.categories,
    context: report.context,
    items: report.items,
  };
}
