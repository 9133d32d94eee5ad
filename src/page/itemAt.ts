import type { Item } from '../ledger/item.js';
import type { PageLedger, PageLedgers } from './PageLedgers.js';

export type ItemAt = { ledger: PageLedger; item: Item } | { no: number; choices: { ledger: PageLedger; item: Item }[] };

/**
 * The item an item URL names: `20` with one ledger; `审20` among several, where a bare `20` is the
 * one ledger that has it (active ones first, as chat reads 「进度 20」) or a choice when several do.
 * Undefined for anything else, so a URL never reaches an item of another ledger by accident.
 */
export function itemAt(ledgers: PageLedgers, ref: string): ItemAt | undefined {
  const m = /^(\D*)(\d{1,9})$/.exec(ref);
  if (!m) return undefined;
  const [, code, digits] = m as unknown as [string, string, string];
  const no = Number(digits);
  if (code) {
    const ledger = ledgers.several ? ledgers.all.find((l) => l.code === code) : undefined;
    const item = ledger?.item(no);
    return ledger && item ? { ledger, item } : undefined;
  }
  const having = (list: readonly PageLedger[]) =>
    list.flatMap((ledger) => {
      const item = ledger.item(no);
      return item ? [{ ledger, item }] : [];
    });
  const active = having(ledgers.active());
  const found = active.length ? active : having(ledgers.all);
  if (found.length > 1) return { no, choices: found };
  return found[0];
}
