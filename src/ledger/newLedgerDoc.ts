import type { ParsedReport } from './item.js';
import { SCHEMA_VERSION, type LedgerDoc } from './LedgerDoc.js';

export function newLedgerDoc(report: ParsedReport, source: string, now: number): LedgerDoc {
  return {
    schemaVersion: SCHEMA_VERSION,
    createdAt: now,
    source,
    categories: report.categories,
    context: report.context,
    items: report.items,
    outbox: [],
  };
}
