import { daysLeft } from '../ledger/daysLeft.js';
import { isOverdue } from '../ledger/isOverdue.js';
import type { Item, Status } from '../ledger/item.js';

/** The list page's filters, as read from its query string; absent means "any". */
export interface ItemFilter {
  categoryIndex?: number;
  status?: Status;
  unit?: string;
  officer?: string;
  overdue?: boolean;
  /** Words that must all appear (problem, measures, unit, officers, original number). */
  q?: string;
}

/** Still being worked on: a long-term item has had its stage accepted, a closed one is done. */
function isOpen(item: Item): boolean {
  return item.status === '整改中' || item.status === '待销号';
}

export function filterItems(items: readonly Item[], filter: ItemFilter, today: string): Item[] {
  const words = (filter.q ?? '').normalize('NFKC').toLowerCase().split(/\s+/).filter(Boolean);
  const officer = filter.officer?.toLowerCase();
  return items.filter((item) => {
    if (filter.categoryIndex !== undefined && item.categoryIndex !== filter.categoryIndex) return false;
    if (filter.status && item.status !== filter.status) return false;
    if (filter.unit && item.unit !== filter.unit) return false;
    if (officer && !item.officers.some((o) => o.toLowerCase() === officer)) return false;
    if (filter.overdue && !isOverdue(item, today)) return false;
    if (!words.length) return true;
    const text = [item.title, ...item.measures, item.unit ?? '', item.label ?? '', ...item.officers]
      .join('\n')
      .normalize('NFKC')
      .toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/**
 * Most urgent first: overdue (longest overdue first), then a deadline still ahead (soonest first) —
 * both as chat's 我的 counts them — then open without one (longest idle first), then long-term, then
 * closed; ties by number.
 */
export function byUrgency<T extends { item: Item; createdAt: number }>(entries: readonly T[], today: string): T[] {
  const rank = ({ item, createdAt }: T): [number, string | number] => {
    const days = daysLeft(item, today);
    if (days !== undefined) return [days < 0 ? 0 : 1, item.deadline!.date!];
    if (isOpen(item)) return [2, item.updatedAt ?? createdAt];
    return [item.status === '阶段性完成并需长期坚持' ? 3 : 4, 0];
  };
  return entries
    .map((entry) => ({ entry, key: rank(entry) }))
    .sort((a, b) => a.key[0] - b.key[0] || compare(a.key[1], b.key[1]) || a.entry.item.no - b.entry.item.no)
    .map((x) => x.entry);
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
