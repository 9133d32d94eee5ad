import type { LedgerSet } from '../ledger/LedgerSet.js';
import type { OutboxMedia } from '../outbox/OutboxMedia.js';
import type { ImageMessage } from '../outbox/OutboxRecord.js';
import type { DigestSection } from './buildDigest.js';

/**
 * The picture sent with a digest: the chart of the first ledger the target follows. One picture per
 * digest keeps the chat readable; the other ledgers are in the text and each has its own on the page.
 */
export async function digestChartImage(
  ledgers: LedgerSet,
  sections: readonly DigestSection[],
  now: number,
  timeZone: string,
  media: OutboxMedia,
): Promise<ImageMessage> {
  const ledger = ledgers.all.find((l) => l === sections[0]?.source);
  if (!ledger) throw new Error('digest chart: the section is no ledger of this bot');
  // ECharts and resvg take some 70 MB and a second to load: only once a chart is drawn, never at start.
  const { digestChart } = await import('../chart/digestChart.js');
  const png = await digestChart(ledger, now, timeZone, sections.length > 1 ? ledger.name : undefined);
  return media.savePng(png);
}
