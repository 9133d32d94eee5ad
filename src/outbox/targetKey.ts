import { createHash } from 'node:crypto';
import type { Target } from './OutboxRecord.js';
import { robotKeyHash } from './pushTargets.js';

export function targetKey(target: Target): string {
  switch (target.kind) {
    case 'user':
      return `user:${target.userId.toLowerCase()}`;
    case 'chat':
      return `chat:${target.chatId}`;
    case 'robot':
      return `robot:${robotKeyHash(target.keyId)}`;
    case 'response':
      // Record ids are logged; the URL's response_code lets anyone post into the chat for an hour.
      return `response:${createHash('sha256').update(target.url).digest('hex').slice(0, 16)}`;
  }
}
