import type { Target } from './OutboxRecord.js';
import { targetKey } from './targetKey.js';

/**
 * Records delivered one after another: app member messages, app chats (one after another, so a
 * token refresh or the app's rate limit is met once, not by every chat at the same moment), each
 * robot, and response URLs. Lanes run side by side.
 */
export function lane(target: Target): string {
  return target.kind === 'robot' ? targetKey(target) : target.kind;
}
