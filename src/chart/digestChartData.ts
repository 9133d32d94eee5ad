import type { Status } from '../ledger/item.js';
import type { LedgerSummary } from '../ledger/ledgerSummary.js';
import type { WeekOpen } from './openByWeek.js';
import { shortCategory } from './shortCategory.js';

export interface ChartCategory {
  /** Short enough for one line of the chart. */
  name: string;
  counts: Record<Status, number>;
}

/** Everything the chart shows, as plain data: the renderer knows nothing of the store. */
export interface DigestChartData {
  categories: ChartCategory[];
  total: number;
  done: number;
  /** 已完成整改 / total, 0..1. */
  completionRate: number;
  /** Open items week by week, oldest first; empty until there are two weeks of history. */
  history: WeekOpen[];
}

export function digestChartData(summary: LedgerSummary, history: readonly WeekOpen[] = []): DigestChartData {
  return {
    categories: summary.categories.map((c, i) => ({ name: shortCategory(c.name, i), counts: { ...c.byStatus } })),
    total: summary.total,
    done: summary.byStatus.已完成整改,
    completionRate: summary.completionRate,
    history: [...history],
  };
}
