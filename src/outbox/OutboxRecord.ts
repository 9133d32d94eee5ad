import type { Card } from '../reply/Card.js';

/** Where a push goes. Robot keys are secrets, so a robot target names the key by its position and a hash prefix. */
export type Target =
  | { kind: 'user'; userId: string }
  | { kind: 'chat'; chatId: string }
  | { kind: 'robot'; keyId: string }
  /** An AI bot message's response_url: one use, valid one hour, so worthless once sent or expired. */
  | { kind: 'response'; url: string };

/**
 * Already split to the target's size limit; parts go out in order. With a card, a member gets the
 * card through message/send, an AI bot's response_url the card in place of its one part, and every
 * other target the parts, the card's text rendering.
 */
export interface TextMessage {
  msgtype: 'text' | 'markdown';
  parts: string[];
  card?: Card;
}

/**
 * A picture kept under DATA_DIR/outbox-media (see OutboxMedia): its one part is the file's name, so
 * outbox.json stays small and holds no image bytes; sha256 and size let the sender check the file.
 */
export interface ImageMessage {
  msgtype: 'image';
  parts: [file: string];
  sha256: string;
  bytes: number;
}

export type OutboxMessage = TextMessage | ImageMessage;

/**
 * Every kind of push, in one place: the kind is the first part of the exactly-once key, so a new
 * producer must not reuse another's word.
 * - digest: the weekly progress digest to each chat and robot
 * - reminder: a festival's 廉洁提醒
 * - stale: an officer's weekly reminder of idle items
 * - deadline: an officer's private reminder that an item's deadline is near, or has passed
 * - notice: a private notice about an item (assigned, submitted, closed, sent back)
 * - reply: a chat answer that missed the 5-second passive-reply window
 * - aibot: an AI-bot answer posted to its response_url
 */
export const PUSH_KINDS = ['digest', 'reminder', 'stale', 'deadline', 'notice', 'reply', 'aibot'] as const;
export type PushKind = (typeof PUSH_KINDS)[number];

/** How long a sent periodic push's id is kept: longer than any producer's period (a year of weeks and festivals). */
export const SENT_MEMORY_MS = 400 * 24 * 3_600_000;
/** An answer's id only has to outlast WeCom's callback retries and its response_url (valid one hour). */
export const ANSWER_MEMORY_MS = 3_600_000;

/** How long the exactly-once memory of a delivered push of this kind must last. */
export function memoryMs(kind: PushKind): number {
  return kind === 'reply' || kind === 'aibot' ? ANSWER_MEMORY_MS : SENT_MEMORY_MS;
}

/** One push, written before it is attempted and marked sent only after WeCom answered errcode 0. */
export interface OutboxRecord {
  /** `${kind}:${period}:${targetKey}` — the exactly-once key. */
  id: string;
  kind: PushKind;
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

/** The fields a delivery attempt changes; everything else about a record is fixed when it is queued. */
export type OutboxProgress = Partial<
  Pick<OutboxRecord, 'state' | 'attempts' | 'partsSent' | 'sentAt' | 'nextAttemptAt' | 'lastError'>
>;
