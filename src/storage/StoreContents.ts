import { createHash } from 'node:crypto';
import type { ItemEvent } from '../ledger/item.js';
import type { LedgerFile } from '../ledger/LedgerDoc.js';
import type { OutboxRecord } from '../outbox/OutboxRecord.js';
import type { Storage } from './Storage.js';

/** Everything a store holds but evidence photos: what moving between stores copies. */
export interface StoreContents {
  ledger: LedgerFile;
  history: readonly ItemEvent[];
  outbox: readonly OutboxRecord[];
}

/** Counts and a checksum of each part: equal on both sides means the copy is whole. */
export interface ContentsSummary {
  items: number;
  events: number;
  outbox: number;
  sha256: { ledger: string; history: string; outbox: string };
}

export async function readContents(storage: Storage): Promise<StoreContents> {
  return { ledger: storage.ledger, history: storage.history, outbox: await storage.outbox.all() };
}

/** Key order differs between stores (jsonb sorts keys), so each part is hashed in a canonical form. */
export function summarize(contents: StoreContents): ContentsSummary {
  return {
    items: contents.ledger.items.length,
    events: contents.history.length,
    outbox: contents.outbox.length,
    sha256: {
      ledger: sha256(contents.ledger),
      history: sha256(contents.history),
      outbox: sha256(contents.outbox),
    },
  };
}

function sha256(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
