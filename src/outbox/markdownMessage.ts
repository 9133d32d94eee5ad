import type { OutboxMessage, Target } from '../ledger/LedgerDoc.js';
import { splitMarkdown } from './splitMarkdown.js';

/**
 * WeCom's markdown limits in UTF-8 bytes: app messages and app group chats 2048, group robots 4096.
 * The AI bot's response_url has no documented limit in our fact sheet, so it gets the safe 2048.
 */
export const MARKDOWN_LIMITS: Record<Target['kind'], number> = { user: 2048, chat: 2048, robot: 4096, response: 2048 };

const COUNTER_BYTES = Buffer.byteLength('\n（99/99）');

/** A markdown push cut to the target's limit; parts of a split message say "（1/3）" so readers know more follows. */
export function markdownMessage(text: string, target: Target): OutboxMessage {
  const limit = MARKDOWN_LIMITS[target.kind];
  const whole = splitMarkdown(text, limit);
  if (whole.length <= 1) return { msgtype: 'markdown', parts: whole };
  const parts = splitMarkdown(text, limit - COUNTER_BYTES);
  return { msgtype: 'markdown', parts: parts.map((p, i) => `${p}\n（${i + 1}/${parts.length}）`) };
}
