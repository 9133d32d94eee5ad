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
/** Where an archive mark is kept; the storage port provides it. */
export type SaveArchived = (ledgerId: string, archived: boolean) => Promise<void>;

export class LedgerSet {
  constructor(
    readonly all: readonly LedgerView[],
    private readonly saveArchived?: SaveArchived,
  ) {
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

  /** Archives (or restores) a ledger: durable first, then the running bot reads it at once. */
  async setArchived(ledger: LedgerView, archived: boolean): Promise<void> {
    if (!this.saveArchived) throw new Error('台账为只读');
    await this.saveArchived(ledger.id, archived);
    ledger.archived = archived;
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
    ledger.code = freeCode(ledger.name, taken) ?? ledger.id;
    taken.add(ledger.code);
  }
}

/** The code a ledger called `name` gets beside the codes already taken. */
export function freeCode(name: string, taken: ReadonlySet<string>): string | undefined {
  const candidates = [...name.normalize('NFKC')].filter((c) => /\p{Script=Han}/u.test(c));
  return [...candidates, ...'ABCDEFGHJKLMNPQRSTUVWXYZ'].find((c) => !taken.has(c));
}

/** Why a code cannot be typed before a number, or undefined when it can. */
export function codeProblem(code: string): string | undefined {
  if (!code) return '代码不能为空';
  if (/[\p{Nd}\s]/u.test(code)) return `代码「${code}」不能含数字或空格：它写在编号前面，如「进度 审20」`;
  if (/[：:，,、。.%％]/u.test(code)) return `代码「${code}」不能含标点`;
  return undefined;
}
