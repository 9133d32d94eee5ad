import type { Item } from './item.js';

const DAY_MS = 24 * 60 * 60_000;

/**
 * Whole days since anything last happened to the item (progress, status, assignment, photo). An
 * assignment counts, so a newly assigned officer is not called idle for the time before they had it.
 */
export function idleDays(item: Item, now: number): number | undefined {
  return item.updatedAt === undefined ? undefined : Math.max(0, Math.floor((now - item.updatedAt) / DAY_MS));
}
