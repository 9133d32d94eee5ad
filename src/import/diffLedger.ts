import type { EditedFields, Item, ItemBase, NewItemEvent, Status } from '../ledger/item.js';
import { formatDateTime } from '../text/formatDateTime.js';
import { shorten } from '../text/shorten.js';
import type { EditedRow } from './readEditedRows.js';

/** One cell that differs: shown by --dry-run, and what --merge records. */
export interface Difference {
  itemNo: number;
  line: string;
}

export interface LedgerDiff {
  differences: Difference[];
  /** Rows left alone: their item changed in the bot after the export. */
  conflicts: string[];
  /** Items in the ledger the sheet no longer has, left in place without --allow-remove. */
  kept: string[];
  events: NewItemEvent[];
}

export interface DiffOptions {
  /** The ledger's categories: a new row of a known category joins it, another keeps its own name. */
  categories: readonly string[];
  by: string;
  now: number;
  timeZone: string;
  force: boolean;
  allowRemove: boolean;
}

type Field = keyof EditedFields;
const FIELDS: readonly [Field, string, (i: ItemBase) => string][] = [
  ['deadline', '整改时限', (i) => i.deadline?.text ?? ''],
  ['leader', '责任领导', (i) => i.leader ?? ''],
  ['unit', '责任单位', (i) => i.unit ?? ''],
  ['people', '责任人姓名', (i) => i.people?.join('、') ?? ''],
  ['remarks', '备注', (i) => i.remarks ?? ''],
];

/**
 * What an edited export changes in the ledger, as events: a status change per changed 整改进度, one edit
 * event per row for the other fields, an add per new row, a remove per missing item (only when allowed).
 * A row whose item has an event newer than the row's 更新时间 is a conflict: someone updated it in chat
 * after the sheet was made, and the sheet would undo that silently — unless forced.
 */
export function diffLedger(items: readonly Item[], rows: readonly EditedRow[], o: DiffOptions): LedgerDiff {
  const diff: LedgerDiff = { differences: [], conflicts: [], kept: [], events: [] };
  const byNo = new Map(items.map((i) => [i.no, i]));
  const seen = new Set<number>();
  let nextNo = Math.max(0, ...items.map((i) => i.no)) + 1;
  const common = { by: o.by, at: o.now };
  for (const row of rows) {
    const item = row.no !== undefined ? byNo.get(row.no) : undefined;
    if (!item) {
      const no = row.no !== undefined && !seen.has(row.no) ? row.no : nextNo;
      nextNo = Math.max(nextNo, no + 1);
      seen.add(no);
      diff.differences.push({
        itemNo: no,
        line: `第${no}项（新增，表第 ${row.at} 行）：${shorten(row.base.title, 40)}`,
      });
      const known = o.categories.indexOf(row.base.category);
      const categoryIndex = known >= 0 ? known : o.categories.length;
      diff.events.push({ type: 'add', itemNo: no, ...common, item: { ...row.base, no, categoryIndex } });
      continue;
    }
    seen.add(item.no);
    const lines: string[] = [];
    const fields: EditedFields = {};
    if (row.base.status !== item.status) lines.push(`整改进度 ${item.status} → ${row.base.status}`);
    for (const [field, name, read] of FIELDS) {
      const [was, now] = [read(item), read(row.base)];
      if (was === now) continue;
      lines.push(`${name} ${was || '（空）'} → ${now || '（空）'}`);
      Object.assign(fields, { [field]: editedValue(field, row.base) });
    }
    if (!lines.length) continue;
    const inBot = item.updatedAt !== undefined ? formatDateTime(item.updatedAt, o.timeZone) : '';
    if (inBot !== row.updatedAt && !o.force) {
      diff.conflicts.push(
        `第${item.no}项：导出后在机器人里有更新（表中更新时间 ${row.updatedAt || '无'}，台账 ${inBot}），表中改动未采用：${lines.join('；')}`,
      );
      continue;
    }
    for (const line of lines) diff.differences.push({ itemNo: item.no, line: `第${item.no}项：${line}` });
    if (row.base.status !== item.status) diff.events.push(statusEvent(item.no, row.base.status, common));
    if (Object.keys(fields).length) diff.events.push({ type: 'edit', itemNo: item.no, ...common, fields });
  }
  for (const item of items) {
    if (seen.has(item.no)) continue;
    const line = `第${item.no}项（表中没有）：${shorten(item.title, 40)}`;
    if (!o.allowRemove) {
      diff.kept.push(line);
      continue;
    }
    diff.differences.push({ itemNo: item.no, line: `${line} → 移出台账` });
    diff.events.push({ type: 'remove', itemNo: item.no, ...common });
  }
  return diff;
}

function editedValue(field: Field, row: ItemBase): EditedFields[Field] {
  if (field === 'deadline') return row.deadline ?? null;
  if (field === 'people') return row.people ?? [];
  return row[field] ?? '';
}

function statusEvent(itemNo: number, status: Status, common: { by: string; at: number }): NewItemEvent {
  return { type: 'status', itemNo, ...common, status, note: '由 Excel 台账导入' };
}
