import { STATUSES, type Item } from '../ledger/item.js';
import { escapeHtml } from './escapeHtml.js';
import { itemCard } from './itemCard.js';
import { byUrgency, filterItems, type ItemFilter } from './itemListing.js';
import type { ListedItem } from './listedItem.js';
import { pageHref } from './pagePaths.js';

export interface ListInput {
  items: Item[];
  categories: readonly string[];
  /** How a shown item is linked and labelled. */
  listed: (item: Item) => ListedItem;
  /** The ledger's code when the page names ledgers: the form keeps it, so filters work within the ledger. */
  code?: string;
  /** Among several ledgers, links to the others' lists (trusted HTML). */
  switcher?: string;
  today: string;
  timeZone: string;
  filter: ItemFilter;
}

/** Every item, filtered and most urgent first; the filters are a plain GET form, so they work without script. */
export function listPage(o: ListInput): string {
  const shown = byUrgency(filterItems(o.items, o.filter, o.today).map(o.listed), o.today);
  const units = [...new Set(o.items.map((i) => i.unit).filter((u): u is string => !!u))].sort();
  const officers = [...new Set(o.items.flatMap((i) => i.officers))].sort();
  const f = o.filter;
  const form = `<form class="filters" method="get" action="${pageHref('/list', undefined)}" role="search">
${o.code === undefined ? '' : `<input type="hidden" name="l" value="${escapeHtml(o.code)}">`}
<input type="search" name="q" value="${escapeHtml(f.q ?? '')}" placeholder="搜索问题、措施、单位、责任人">
${select(
  'category',
  '全部类别',
  o.categories.map((c, i) => [String(i), c]),
  f.categoryIndex?.toString(),
)}
${select(
  'status',
  '全部状态',
  STATUSES.map((s) => [s, s]),
  f.status,
)}
${
  units.length
    ? select(
        'unit',
        '全部单位',
        units.map((u) => [u, u]),
        f.unit,
      )
    : ''
}
${
  officers.length
    ? select(
        'officer',
        '全部责任人',
        officers.map((u) => [u, u]),
        f.officer,
      )
    : ''
}
<label class="check"><input type="checkbox" name="overdue" value="1"${f.overdue ? ' checked' : ''}> 只看逾期</label>
<button type="submit">筛选</button>
</form>`;
  const list = shown.length
    ? `<ul class="items">${shown.map((i) => itemCard(i, o.today, o.timeZone)).join('')}</ul>`
    : '<p class="empty">没有符合条件的事项。</p>';
  return `${o.switcher ?? ''}${form}<p class="count">共 <b>${shown.length}</b> 项，按紧急程度排序</p>${list}`;
}

function select(name: string, any: string, options: [string, string][], value: string | undefined): string {
  const opts = options
    .map(
      ([v, label]) => `<option value="${escapeHtml(v)}"${v === value ? ' selected' : ''}>${escapeHtml(label)}</option>`,
    )
    .join('');
  return `<select name="${name}" aria-label="${any}"><option value="">${any}</option>${opts}</select>`;
}
