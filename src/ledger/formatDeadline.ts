import type { Deadline } from './item.js';

/** 2025-06-30, 长期, or the unit's words with the date read from them: 2026-12-31（2026年12月底前）. */
export function formatDeadline(deadline: Deadline): string {
  const read = deadline.date ?? (deadline.longTerm ? '长期' : undefined);
  if (read === undefined || read === deadline.text) return deadline.text;
  return `${read}（${deadline.text}）`;
}
