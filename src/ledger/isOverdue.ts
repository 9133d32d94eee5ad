import type { Item } from './item.js';

/** Past its 整改时限 (a date before `today`, YYYY-MM-DD in the ledger's zone) and not yet 已完成整改. */
export function isOverdue(item: Item, today: string): boolean {
  const date = item.deadline?.date;
  return date !== undefined && date < today && item.status !== '已完成整改';
}
