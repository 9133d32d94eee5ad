import { formatDeadline } from './formatDeadline.js';
import type { Deadline } from './item.js';

/** A deadline change as history shows it: 2026-06-30 → 2026-12-31, 未设 → 长期. */
export function deadlineChange(previous: Deadline | undefined, next: Deadline | undefined): string {
  const text = (d: Deadline | undefined) => (d ? formatDeadline(d) : '未设');
  return `${text(previous)} → ${text(next)}`;
}
