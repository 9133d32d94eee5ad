import { readFileSync } from 'node:fs';
import { BUNDLED_REPORT } from '../src/config.js';
import { itemFromBase } from '../src/ledger/foldItem.js';
import { ledgerSummary } from '../src/ledger/ledgerSummary.js';
import { parseReport } from '../src/ledger/parseReport.js';
import { summarize } from './stats.js';

export interface ChartBenchResult {
  /** Loading ECharts, resvg and the chart code. */
  importMs: number;
  /** The first render in the process: what a weekly digest pays. */
  firstMs: number;
  warm: { p50: number; max: number };
  bytes: number;
  bytesWithHistory: number;
  /** Resident memory added by loading and rendering. */
  rssGrowth: number;
}

/** The weekly digest's chart for the bundled ledger, rendered `rounds` times after a first, cold render. */
export async function chartBench(rounds: number): Promise<ChartBenchResult> {
  const report = parseReport(readFileSync(BUNDLED_REPORT, 'utf8'));
  const rss = process.memoryUsage().rss;
  let t = performance.now();
  const { digestChartData } = await import('../src/chart/digestChartData.js');
  const { renderDigestChart } = await import('../src/chart/renderDigestChart.js');
  const importMs = performance.now() - t;
  const caption = { title: '巡察整改进度 · 2026年第49周', date: '统计至 2026-12-02 10:00' };
  const render = (weeks: number) => {
    const history = Array.from({ length: weeks }, (_, i) => ({ week: `第${42 + i}周`, open: 40 - i }));
    const summary = ledgerSummary(report.items.map(itemFromBase), report.categories);
    return renderDigestChart(digestChartData(summary, history), caption);
  };
  t = performance.now();
  const bytes = (await render(0)).length;
  const firstMs = performance.now() - t;
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    t = performance.now();
    await render(i % 2 ? 8 : 0);
    samples.push(performance.now() - t);
  }
  const { p50, max } = summarize(samples);
  return {
    importMs,
    firstMs,
    warm: { p50, max },
    bytes,
    bytesWithHistory: (await render(8)).length,
    rssGrowth: process.memoryUsage().rss - rss,
  };
}
