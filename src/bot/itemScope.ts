import type { Item } from '../ledger/item.js';
import { DEFAULT_LEDGER_ID } from '../ledger/LedgerDoc.js';
import type { LedgerItem } from '../ledger/LedgerSet.js';
import type { LedgerView } from '../ledger/LedgerView.js';
import type { CommandContext } from './Command.js';

/** One item as a command acts on it: its ledger, and how replies name it and tell people to type it. */
export interface ItemScope {
  store: LedgerView;
  item: Item;
  msgId?: string;
  timeZone: string;
  /** 「第20项」, or 「审计2022第20项」 among several ledgers. */
  name: string;
  /** What follows a command word: 「20」, or 「审20」 among several ledgers. */
  ref: string;
  /** Part of outbox keys: the number, prefixed by the ledger id beyond the first ledger. */
  key: string;
}

export function itemScope(ctx: CommandContext, { ledger, item }: LedgerItem): ItemScope {
  return {
    store: ledger,
    item,
    ...(ctx.msgId !== undefined && { msgId: ctx.msgId }),
    timeZone: ctx.timeZone,
    name: ctx.ledgers.itemName(ledger, item.no),
    ref: ctx.ledgers.ref(ledger, item.no),
    key: ledger.id === DEFAULT_LEDGER_ID ? String(item.no) : `${ledger.id}/${item.no}`,
  };
}
