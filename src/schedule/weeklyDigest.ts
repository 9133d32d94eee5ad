import { markdownMessage } from '../outbox/markdownMessage.js';
import { prepareDigest, type DigestSection, type DigestSettings, type DigestSource } from './buildDigest.js';
import { isoWeek } from './isoWeek.js';

/** A weekly digest never takes more than this many messages per target. */
export const MAX_DIGEST_PARTS = 3;

// Lists shrink step by step; at 0 only the totals and the counts of what was left out remain.
const CAPS = [Infinity, 40, 25, 15, 8, 4, 0];

export interface WeeklyDigest {
  /** ISO week, e.g. "2026-W48": the outbox period, so a target gets one digest per week. */
  period: string;
  text: string;
}

/**
 * The digest as sent: as complete as fits in MAX_DIGEST_PARTS app messages (2048 bytes each, the
 * smallest limit of any target, so a robot's 4096 needs no more parts).
 */
export function weeklyDigest(
  source: DigestSource | readonly DigestSection[],
  now: number,
  settings: DigestSettings,
): WeeklyDigest {
  const period = isoWeek(now, settings.timeZone).key;
  const linesFor = prepareDigest(source, now, settings);
  let text = '';
  for (const cap of CAPS) {
    text = linesFor(cap).join('\n');
    if (markdownMessage(text, { kind: 'chat', chatId: '' }).parts.length <= MAX_DIGEST_PARTS) break;
  }
  return { period, text };
}
