import { createHash } from 'node:crypto';
import type { OutboxRecord } from '../outbox/OutboxRecord.js';
import type { Storage, StoredLedger } from './Storage.js';

/** Everything a store holds but evidence photos: what moving between stores copies. */
export interface StoreContents {
  /** The first one first, as the store gives them. */
  ledgers: readonly StoredLedger[];
  outbox: readonly OutboxRecord[];
}

/** Counts and a checksum of each part: equal on both sides means the copy is whole. */
export interface ContentsSummary {
  ledgers: number;
  items: number;
  events: number;
  outbox: number;
  sha256: { ledgers: string; history: string; outbox: string };
}

export async function readContents(storage: Storage): Promise<StoreContents> {
  return {
    ledgers: storage.ledgers.map(({ file, history }) => ({ file, history })),
    outbox: await storage.outbox.all(),
  };
}

/** Key order differs between stores (jsonb sorts keys), so each part is hashed in a canonical form. */
export function summarize(contents: StoreContents): ContentsSummary {
  const { ledgers, outbox } = contents;
  return {
    ledgers: ledgers.length,
    items: ledgers.reduce((n, l) => n + l.file.items.length, 0),
    events: ledgers.reduce((n, l) => n + l.history.length, 0),
    outbox: outbox.length,
    sha256: {
      ledgers: sha256(ledgers.map((l) => l.file)),
      history: sha256(ledgers.map((l) => l.history)),
      outbox: sha256(outbox),
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
