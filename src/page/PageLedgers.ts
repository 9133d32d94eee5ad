import type { ChartSource } from '../chart/digestChart.js';
import type { LedgerReader } from '../ledger/Ledger.js';

/** One ledger as the page reads it: never a way to change it (updates go through the chat command). */
export interface PageLedger extends LedgerReader, ChartSource {
  readonly id: string;
  /** What people type before a number, e.g. 审; the page's URLs use it too. */
  readonly code: string;
  readonly name: string;
  readonly archived: boolean;
}

/** Every ledger as the page reads them: the read side of LedgerSet. */
export interface PageLedgers {
  /** More than one ledger: URLs and labels then name the ledger. */
  readonly several: boolean;
  readonly all: readonly PageLedger[];
  active(): PageLedger[];
  /** A ledger by its code (or name, or id). */
  find(word: string): PageLedger | undefined;
  /** 「20」, or 「审20」 among several ledgers: what chat commands and the page's item URLs take. */
  ref(ledger: PageLedger, no: number): string;
  /** 「第20项」, or 「审计2022第20项」 among several ledgers. */
  itemName(ledger: PageLedger, no: number): string;
}
