import type { ItemBase } from '../ledger/item.js';
import { ledgerSummary } from '../ledger/ledgerSummary.js';
import type { DigestSource } from '../schedule/buildDigest.js';
import { isoWeek } from '../schedule/isoWeek.js';
import { localTime } from '../schedule/localTime.js';
import { digestChartData } from './digestChartData.js';
import { openByWeek } from './openByWeek.js';
import { renderDigestChart } from './renderDigestChart.js';

/** What the chart reads: the digest's source plus the imported items, whose statuses start the weekly history. */
export interface ChartSource extends DigestSource {
  readonly imported: readonly ItemBase[];
}

/** The weekly digest's chart as a PNG, as of `now`; `ledgerName` heads it when a digest covers several ledgers. */
export function digestChart(source: ChartSource, now: number, timeZone: string, ledgerName?: string): Promise<Buffer> {
  const { createdAt, imported: items } = source;
  const history = openByWeek(items, source.eventsSince(createdAt), createdAt, now, timeZone);
  const data = digestChartData(ledgerSummary(source.items(), source.categories), history);
  const [year, week] = isoWeek(now, timeZone).key.split('-W') as [string, string];
  const at = localTime(now, timeZone);
  return renderDigestChart(data, {
    title: `${ledgerName ?? '巡察整改进度'} · ${year}年第${Number(week)}周`,
    date: `统计至 ${at.date} ${at.time}`,
  });
}
