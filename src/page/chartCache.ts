import type { ChartSource } from '../chart/digestChart.js';

/**
 * The digest chart as the overview shows it, drawn once per ledger version (newest event seq) and
 * ISO week, not per request. ECharts and resvg cost some 70 MB and a second to load, so they are
 * imported on the first draw, never at start.
 */
export class ChartCache {
  private cached?: { key: string; png: Promise<Buffer> };

  constructor(
    private readonly source: ChartSource & { items(): { lastSeq: number }[] },
    private readonly timeZone: string,
    /** Heads the chart when the page shows several ledgers. */
    private readonly ledgerName?: string,
  ) {}

  /** A key that changes whenever the picture would: for the image URL, so browsers may cache it. */
  version(weekKey: string): string {
    let seq = 0;
    for (const item of this.source.items()) if (item.lastSeq > seq) seq = item.lastSeq;
    return `${seq}-${weekKey}`;
  }

  png(version: string, now: number): Promise<Buffer> {
    if (this.cached?.key !== version) {
      const png = import('../chart/digestChart.js').then(({ digestChart }) =>
        digestChart(this.source, now, this.timeZone, this.ledgerName),
      );
      // A failed draw is not kept: the next request tries again.
      png.catch(() => {
        if (this.cached?.png === png) this.cached = undefined;
      });
      this.cached = { key: version, png };
    }
    return this.cached.png;
  }
}
