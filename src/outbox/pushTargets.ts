import { createHash } from 'node:crypto';
import type { Target } from './OutboxRecord.js';

export interface PushTargets {
  /** Every app group chat, then every robot: where digests and reminders go. */
  targets: Target[];
  /** Key hash → robot webhook key, for the sender only; the key itself is never stored. */
  robotKeys: Map<string, string>;
}

/**
 * A robot target is named "2-1a2b3c4d": its position in WECOM_ROBOT_KEYS, for people reading logs,
 * and a sha256 prefix of the key, which alone identifies it, so reordering the list changes nothing.
 */
export function pushTargets(chatIds: readonly string[], robotKeys: readonly string[]): PushTargets {
  const targets: Target[] = [...new Set(chatIds)].map((chatId) => ({ kind: 'chat', chatId }));
  const keys = new Map<string, string>();
  robotKeys.forEach((key, index) => {
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
    if (keys.has(hash)) return;
    keys.set(hash, key);
    targets.push({ kind: 'robot', keyId: `${index + 1}-${hash}` });
  });
  return { targets, robotKeys: keys };
}

export function robotKeyHash(keyId: string): string {
  return keyId.slice(keyId.indexOf('-') + 1);
}
