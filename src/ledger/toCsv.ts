import { isSheets, LEDGER_COLUMNS, type LedgerRow, type LedgerSheet } from './ledgerRows.js';

/**
 * RFC 4180 CSV with a UTF-8 BOM: without the BOM, Excel on Chinese Windows reads UTF-8 as GBK.
 * Several ledgers share one table with a leading 台账 column, so every row names its ledger.
 */
export function toCsv(from: readonly LedgerRow[] | readonly LedgerSheet[]): string {
  const sheets = isSheets(from) ? from : undefined;
  const head = sheets ? ['台账', ...LEDGER_COLUMNS] : [...LEDGER_COLUMNS];
  const rows = sheets
    ? sheets.flatMap((s) => s.rows.map((row) => [s.name, ...LEDGER_COLUMNS.map((c) => row[c])]))
    : (from as readonly LedgerRow[]).map((row) => LEDGER_COLUMNS.map((c) => row[c]));
  const lines = [head.join(','), ...rows.map((row) => row.map(field).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function field(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
