import type { ItemBase } from '../ledger/item.js';
import { ImportRefusedError } from './ImportRefusedError.js';
import type { ImportedLedger } from './ImportedLedger.js';
import { mapStatus } from './mapStatus.js';
import { parseDeadline } from './parseDeadline.js';
import { type Field, mapHeader } from './sheetHeader.js';
import { splitPeople } from './splitPeople.js';
import { stripHeadingMarker } from './stripHeadingMarker.js';

/** A cell as the format readers hand it over: merged cells already carry their master's value. */
export type Cell = string | number | Date | null | undefined;

const HEADER_SEARCH_ROWS = 30;
const FOOTER = /^(填报人|填表人|审核人|制表人|单位负责人|负责人|联系人|联系电话|注[:：]|说明[:：]|合计|总计|小计)/;
const UNCATEGORISED = '未分类';

/**
 * Reads a 台账 table (a sheet, a CSV, a Word table) into items: the header row is wherever it names the
 * problem column, category cells left blank under a merged or written-once category are carried down,
 * banner rows (一、…方面 across the table) start a category, and blank or footer rows are skipped with the row
 * number.
 */
export function readSheet(rows: readonly (readonly Cell[])[], readAs: string): ImportedLedger {
  const headerAt = rows.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => mapHeader(row.map(text)) !== undefined);
  if (headerAt < 0)
    throw new ImportRefusedError(
      `没有找到表头：前 ${HEADER_SEARCH_ROWS} 行中没有一行写着“问题”（或问题描述、存在问题、反馈问题）和序号、整改措施、责任单位等列名。`,
    );
  const header = mapHeader(rows[headerAt]!.map(text))!;
  const col = (row: readonly Cell[], field: Field): Cell => {
    const at = header.columns[field];
    return at === undefined ? undefined : row[at];
  };
  const ledger: ImportedLedger = {
    readAs,
    categories: [],
    items: [],
    context: { preface: rows.slice(0, headerAt).map(joinRow).filter(Boolean), general: [], closing: [] },
    warnings: [...header.notes],
    skipped: [],
  };
  let category: string | undefined;
  let unstated = 0;
  for (let index = headerAt + 1; index < rows.length; index++) {
    const row = rows[index]!;
    const at = index + 1;
    const cells = row.map(text).filter((t) => t !== '');
    if (cells.length === 0) continue;
    const title = text(col(row, 'title'));
    const skip = (reason: string) => ledger.skipped.push({ at, text: cells.join(' | '), reason });
    if (FOOTER.test(cells[0]!)) {
      skip('表尾（填报人、审核人、合计等）');
      continue;
    }
    if (new Set(cells).size === 1 && (cells.length > 1 || title === '')) {
      category = stripHeadingMarker(cells[0]!);
      skip('分类行：其后各行归入此类');
      continue;
    }
    if (title === '') {
      skip('没有问题内容');
      continue;
    }
    category = text(col(row, 'category')) || category || UNCATEGORISED;
    const item = readRow(row, col, ledger.items.length + 1, categoryIndex(ledger.categories, category));
    if (!item.statusKnown) ledger.warnings.push(`第 ${at} 行：进度“${item.base.statusText}”未识别，按整改中`);
    if (item.base.deadline && !item.base.deadline.date && !item.base.deadline.longTerm)
      ledger.warnings.push(`第 ${at} 行：整改时限“${item.base.deadline.text}”读不出日期，原样保留`);
    if (text(col(row, 'status')) === '') unstated++;
    ledger.items.push(item.base);
  }
  if (ledger.items.length === 0) throw new ImportRefusedError(`表头（第 ${headerAt + 1} 行）之下没有任何事项。`);
  if (header.columns.status === undefined) ledger.warnings.push('没有进度列：全部按整改中');
  else if (unstated) ledger.warnings.push(`${unstated} 项未填进度，按整改中`);
  return ledger;
}

function readRow(
  row: readonly Cell[],
  col: (row: readonly Cell[], field: Field) => Cell,
  no: number,
  category: { name: string; index: number },
): { base: ItemBase; statusKnown: boolean } {
  const field = (f: Field) => text(col(row, f));
  const statusCell = field('status');
  const mapped = mapStatus(statusCell);
  const statusText = col(row, 'statusText') === undefined ? mapped.statusText : field('statusText') || undefined;
  const label = field('label');
  const deadline = parseDeadline(col(row, 'deadline'));
  const people = splitPeople(field('people'));
  const optional = { leader: field('leader'), unit: field('unit'), remarks: field('remarks') };
  const base: ItemBase = {
    no,
    category: category.name,
    categoryIndex: category.index,
    title: field('title'),
    measures: field('measures')
      .split(/\r?\n/)
      .map((m) => m.trim())
      .filter(Boolean),
    status: mapped.status,
    ...(label !== '' && label !== String(no) && { label }),
    ...(statusText && { statusText }),
    ...(deadline && { deadline }),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== '')),
    ...(people.length && { people }),
  };
  return { base, statusKnown: statusCell === '' || mapped.known };
}

function categoryIndex(categories: string[], name: string): { name: string; index: number } {
  let index = categories.indexOf(name);
  if (index < 0) index = categories.push(name) - 1;
  return { name, index };
}

/** Dates as ISO calendar dates (UTC, as exceljs reads them), numbers as written, text trimmed. */
export function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

function joinRow(row: readonly Cell[]): string {
  return [...new Set(row.map(text).filter(Boolean))].join(' ');
}
