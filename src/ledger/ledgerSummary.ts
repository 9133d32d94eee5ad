import { STATUSES, type Item, type Status } from './item.js';

export interface CategorySummary {
  name: string;
  total: number;
  done: number;
  byStatus: Record<Status, number>;
}

export interface LedgerSummary {
  total: number;
  byStatus: Record<Status, number>;
  /** 已完成整改 / total, 0..1. */
  completionRate: number;
  categories: CategorySummary[];
}

/** Totals shared by 台账, the weekly digest and /healthz. */
export function ledgerSummary(items: readonly Item[], categories: readonly string[]): LedgerSummary {
  const byStatus = zeroCounts();
  const perCategory = categories.map((name) => ({ name, total: 0, done: 0, byStatus: zeroCounts() }));
  for (const item of items) {
    byStatus[item.status] += 1;
    const c = perCategory[item.categoryIndex];
    if (!c) continue;
    c.total += 1;
    c.byStatus[item.status] += 1;
    if (item.status === '已完成整改') c.done += 1;
  }
  return {
    total: items.length,
    byStatus,
    completionRate: items.length ? byStatus.已完成整改 / items.length : 0,
    categories: perCategory,
  };
}

function zeroCounts(): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
}

export function formatRate(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}
