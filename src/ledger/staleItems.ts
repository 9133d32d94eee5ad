import type { LedgerReader } from './Ledger.js';
import type { Item } from './item.js';

/** Days without any activity after which an open item counts as stale, in the digest and in officers' reminders. */
export const STALE_DAYS = 14;

const DAY_MS = 86_400_000;

export interface StaleItem {
  item: Item;
  /** Whole days since anything happened to it, or since the ledger was imported when nothing has. */
  days: number;
}

/** Items not yet closed (已完成整改) that are stale at `now`, most idle first, then by number. */
export function staleItems(ledger: Pick<LedgerReader, 'items' | 'createdAt'>, now: number): StaleItem[] {
  return ledger
    .items()
    .filter((item) => item.status !== '已完成整改')
    .map((item) => ({ item, days: Math.floor((now - (item.updatedAt ?? ledger.createdAt)) / DAY_MS) }))
    .filter((s) => s.days >= STALE_DAYS)
    .sort((a, b) => b.days - a.days || a.item.no - b.item.no);
}
