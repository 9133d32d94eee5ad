import type { Item } from './item.js';
import type { LedgerView } from './LedgerView.js';

/** An item together with the ledger it belongs to: item numbers restart in every ledger. */
export interface LedgerItem {
  ledger: LedgerView;
  item: Item;
}

/**
 * Every ledger the bot keeps, side by side. With one ledger the bot reads exactly as it always did
 * (「进度 20」, 「第20项」); with several, an item is typed with its ledger's code before the number
 * (「进度 审20」) and named with its ledger (「审计2022第20项」).
 */
export class LedgerSet {
  constructor(readonly all: readonly LedgerView[]) {
    assignCodes(all);
  }

  /** More than one ledger, archived ones included: numbers alone no longer name an item. */
  get several(): boolean {
    return this.all.length > 1;
  }

  /** The ledgers still being worked on: the ones digests and 我的 cover. */
  active(): LedgerView[] {
    return this.all.filter((l) => !l.archived);
  }

  /** The first ledger: the one a data folder has always had. */
  get first(): LedgerView {
    return this.all[0]!;
  }

  byId(id: string): LedgerView | undefined {
    return this.all.find((l) => l.id === id);
  }

  /** A ledger by what people call it: its code or its name. */
  find(word: string): LedgerView | undefined {
    const w = word.normalize('NFKC').trim();
    return this.all.find((l) => l.code === w || l.name === w || l.id === w);
  }

  /** Codes, longest first, so a code that extends another is not taken for it. */
  codes(): string[] {
    return this.all.map((l) => l.code).sort((a, b) => b.length - a.length);
  }

  /** What to type after a command for this item: 「20」, or 「审20」 when there are several ledgers. */
  ref(ledger: LedgerView, no: number): string {
    return this.several ? `${ledger.code}${no}` : String(no);
  }

  /** How a reply names the item: 「第20项」, or 「审计2022第20项」 when there are several ledgers. */
  itemName(ledger: LedgerView, no: number): string {
    return this.several ? `${ledger.name}第${no}项` : `第${no}项`;
  }

  /** Every item of the given ledgers (all by default), ledger by ledger, in number order. */
  items(ledgers: readonly LedgerView[] = this.all): LedgerItem[] {
    return ledgers.flatMap((ledger) =>
      ledger
        .items()
        .sort((a, b) => a.no - b.no)
        .map((item) => ({ ledger, item })),
    );
  }

  hasMessage(msgId: string): boolean {
    return this.all.some((l) => l.hasMessage(msgId));
  }
}

/**
 * Gives each ledger without a code a short one people can type before a number: the first character
 * of its name that no other ledger starts with, else a letter. Codes never contain digits or spaces.
 */
function assignCodes(ledgers: readonly LedgerView[]): void {
  const taken = new Set(ledgers.map((l) => l.code).filter(Boolean));
  for (const ledger of ledgers) {
    if (ledger.code) continue;
    const candidates = [...ledger.name.normalize('NFKC')].filter((c) => /\p{Script=Han}/u.test(c));
    const code = [...candidates, ...'ABCDEFGHJKLMNPQRSTUVWXYZ'].find((c) => !taken.has(c)) ?? ledger.id;
    ledger.code = code;
    taken.add(code);
  }
}
