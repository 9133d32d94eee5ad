import { LEDGER_COLUMNS, type LedgerRow } from './ledgerRows.js';

/** RFC 4180 CSV with a UTF-8 BOM: without the BOM, Excel on Chinese Windows reads UTF-8 as GBK. */
export function toCsv(rows: readonly LedgerRow[]): string {
  const lines = [LEDGER_COLUMNS.join(','), ...rows.map((row) => LEDGER_COLUMNS.map((c) => field(row[c])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function field(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
