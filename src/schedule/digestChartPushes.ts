import type { ImageMessage, Target } from '../outbox/OutboxRecord.js';
import type { Push } from '../outbox/Outbox.js';
import { DIGEST_KIND } from './digestPushes.js';

/** The chart's own period beside the text's ("2026-W49#chart"): each is sent once, whichever fails. */
export function chartPeriod(digestPeriod: string): string {
  return `${digestPeriod}#chart`;
}

/** The same picture to every target, after the digest's text. */
export function digestChartPushes(digestPeriod: string, image: ImageMessage, targets: readonly Target[]): Push[] {
  return targets.map((target) => ({ kind: DIGEST_KIND, period: chartPeriod(digestPeriod), target, message: image }));
}
