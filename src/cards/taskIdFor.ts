import { createHash } from 'node:crypto';

/**
 * A TaskId unique per app, as WeCom requires, and the same for the same notice: the notice's
 * outbox key (which holds the message id) and the member. A retried message makes no new cards.
 */
export function taskIdFor(key: string, userId: string): string {
  return `c${createHash('sha256').update(`${key}\n${userId.toLowerCase()}`).digest('base64url').slice(0, 24)}`;
}
