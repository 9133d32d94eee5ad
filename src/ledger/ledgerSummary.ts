import { STATUSES, type Item, type Status } from './item.js';

export interface CategorySummary {
  name: string;
  total: number;
  done: number;
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
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const perCategory = categories.map((name) => ({ name, total: 0, done: 0 }));
  for (const item of items) {
    byStatus[item.status] += 1;
    const c = perCategory[item.categoryIndex];
    if (!c) continue;
    c.total += 1;
    if (item.status === '已完成整改') c.done += 1;
  }
  return {
    total: items.length,
    byStatus,
    completionRate: items.length ? byStatus.已完成整改 / items.length : 0,
    categories: perCategory,
  };
}

export function formatRate(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}
