import { daysLeft } from './daysLeft.js';
import type { Item } from './item.js';

/**
 * Past its 整改时限 (a date before `today`, YYYY-MM-DD in the ledger's zone) while the deadline still
 * drives the item. One rule for chat, digest, reminders, `cli ledgers` and the page: it is daysLeft's,
 * so an item awaiting 销号 (waiting on the admins) or closed is never overdue anywhere.
 */
export function isOverdue(item: Pick<Item, 'status' | 'deadline'>, today: string): boolean {
  return (daysLeft(item, today) ?? 0) < 0;
}
