import { LEDGER_COLUMNS, type LedgerRow } from './ledgerRows.js';

const COLUMNS = LEDGER_COLUMNS.filter((c) => c !== '整改措施');

/** A Markdown table without the long measures column, for pasting into a document or a wiki. */
export function toMarkdown(rows: readonly LedgerRow[]): string {
  const cell = (v: string | number) => String(v).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
  return `${[
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map(() => ' --- ').join('|')}|`,
    ...rows.map((row) => `| ${COLUMNS.map((c) => cell(row[c])).join(' | ')} |`),
  ].join('\n')}\n`;
}
