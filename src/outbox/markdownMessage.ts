import { MARKDOWN_LIMITS } from '../reply/channelLimits.js';
import type { OutboxMessage, Target } from './OutboxRecord.js';
import { splitMarkdown } from './splitMarkdown.js';

const COUNTER_BYTES = Buffer.byteLength('\n（99/99）');

/** A markdown push cut to the target's limit; parts of a split message say "（1/3）" so readers know more follows. */
export function markdownMessage(text: string, target: Target): OutboxMessage {
  const limit = MARKDOWN_LIMITS[target.kind];
  const whole = splitMarkdown(text, limit);
  if (whole.length <= 1) return { msgtype: 'markdown', parts: whole };
  const parts = splitMarkdown(text, limit - COUNTER_BYTES);
  return { msgtype: 'markdown', parts: parts.map((p, i) => `${p}\n（${i + 1}/${parts.length}）`) };
}
