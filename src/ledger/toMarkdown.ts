import { isSheets, LEDGER_COLUMNS, type LedgerRow, type LedgerSheet } from './ledgerRows.js';

const COLUMNS = LEDGER_COLUMNS.filter((c) => c !== '整改措施');

/**
 * A Markdown table without the long measures column, for pasting into a document or a wiki; several
 * ledgers get one section each, headed by the ledger's name.
 */
export function toMarkdown(from: readonly LedgerRow[] | readonly LedgerSheet[]): string {
  if (!isSheets(from)) return table(from);
  return from.map((s) => `## ${s.name}\n\n${table(s.rows)}`).join('\n');
}

function table(rows: readonly LedgerRow[]): string {
  const cell = (v: string | number) => String(v).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
  return `${[
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map(() => ' --- ').join('|')}|`,
    ...rows.map((row) => `| ${COLUMNS.map((c) => cell(row[c])).join(' | ')} |`),
  ].join('\n')}\n`;
}
