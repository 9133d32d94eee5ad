import type { PushKind, Target } from '../outbox/OutboxRecord.js';
import { markdownMessage } from '../outbox/markdownMessage.js';
import type { Push } from '../outbox/Outbox.js';
import type { WeeklyDigest } from './weeklyDigest.js';

export const DIGEST_KIND: PushKind = 'digest';

/** One push per target, each cut to its own limit. */
export function digestPushes(digest: WeeklyDigest, targets: readonly Target[]): Push[] {
  return targets.map((target) => ({
    kind: DIGEST_KIND,
    period: digest.period,
    target,
    message: markdownMessage(digest.text, target),
  }));
}
