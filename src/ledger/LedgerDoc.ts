import type { ItemBase, ReportContext } from './item.js';

/**
 * 2: the outbox moved from db.json to outbox.json.
 * 3: items may carry label, statusText, deadline, leader, unit, people and remarks (imported ledgers).
 *    All are optional, so a schema-2 file is read as it is; the step keeps older programs from
 *    opening a ledger whose fields they would silently drop.
 */
export const SCHEMA_VERSION = 3;

/** Where a push goes. Robot keys are secrets, so a robot target names the key by its position and a hash prefix. */
export type Target =
  | { kind: 'user'; userId: string }
  | { kind: 'chat'; chatId: string }
  | { kind: 'robot'; keyId: string }
  /** An AI bot message's response_url: one use, valid one hour, so worthless once sent or expired. */
  | { kind: 'response'; url: string };

/** Already split to the target's size limit; parts go out in order. */
export interface OutboxMessage {
  msgtype: 'text' | 'markdown';
  parts: string[];
}

/** One push, written before it is attempted and marked sent only after WeCom answered errcode 0. */
export interface OutboxRecord {
  /** `${kind}:${period}:${targetKey}` — the exactly-once key. */
  id: string;
  kind: string;
  period: string;
  target: Target;
  message: OutboxMessage;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  createdAt: number;
  /** Parts of a split message already delivered, so a resumed send does not repeat them. */
  partsSent?: number;
  sentAt?: number;
  /** Unix ms before which the sender leaves it alone (backoff after a failure). */
  nextAttemptAt?: number;
  lastError?: string;
}

/** db.json: the ledger as imported. Written when it is created; item history lives in events.jsonl. */
export interface LedgerFile {
  schemaVersion: number;
  createdAt: number;
  source: string;
  categories: string[];
  context: ReportContext;
  items: ItemBase[];
}

/** outbox.json: every push, apart from the ledger so a delivery mark rewrites kilobytes, not the whole ledger. */
export interface OutboxFile {
  schemaVersion: number;
  outbox: OutboxRecord[];
}

/** What the store shows: the ledger and its outbox together. */
export type LedgerDoc = LedgerFile & { outbox: OutboxRecord[] };
