import type { Item } from '../ledger/item.js';
import type { PageLedger, PageLedgers } from './PageLedgers.js';

/** An item as a list shows it: its ledger's import time (idle since), its ref for the URL, and its label. */
export interface ListedItem {
  item: Item;
  createdAt: number;
  /** 「20」, or 「审20」 among several ledgers. */
  ref: string;
  /** 「第20项」, or the ref among several ledgers, as chat's 我的 and 查 write it. */
  label: string;
}

export function listedItem(ledgers: PageLedgers, ledger: PageLedger, item: Item): ListedItem {
  const ref = ledgers.ref(ledger, item.no);
  return { item, createdAt: ledger.createdAt, ref, label: ledgers.several ? ref : `第${item.no}项` };
}
