import type { Item } from './item.js';

const DAY_MS = 86_400_000;

/**
 * Whole days from `today` (YYYY-MM-DD in the ledger's zone) to the item's dated deadline: 0 on the
 * day, negative once it has passed. Undefined when there is no date, or when the deadline no longer
 * drives the item: a closed item is done and one awaiting 销号 waits on the admins, not its officers.
 */
export function daysLeft(item: Pick<Item, 'status' | 'deadline'>, today: string): number | undefined {
  const date = item.deadline?.date;
  if (date === undefined || item.status === '已完成整改' || item.status === '待销号') return undefined;
  return Math.round((Date.parse(date) - Date.parse(today)) / DAY_MS);
}

/** 剩 5 天, 今天到期, 逾期 3 天. */
export function formatDaysLeft(days: number): string {
  return days > 0 ? `剩 ${days} 天` : days === 0 ? '今天到期' : `逾期 ${-days} 天`;
}
