import { formatDateTime } from '../text/formatDateTime.js';
import type { Item } from './item.js';

export const LEDGER_COLUMNS = [
  '序号',
  '类别',
  '问题',
  '整改措施',
  '整改进度',
  '责任单位',
  '责任人',
  '完成度',
  '最新进展',
  '更新时间',
  '佐证数',
] as const;

export type LedgerRow = Record<(typeof LEDGER_COLUMNS)[number], string | number>;

/** One row per item, the way a party office hands the ledger upward. Shared by every export format. */
export function ledgerRows(items: readonly Item[], categories: readonly string[], timeZone: string): LedgerRow[] {
  return [...items]
    .sort((a, b) => a.no - b.no)
    .map((item) => ({
      序号: item.no,
      类别: categories[item.categoryIndex] ?? item.category,
      问题: item.title,
      整改措施: item.measures.join('\n'),
      整改进度: item.status,
      责任单位: item.unit ?? '',
      责任人: item.officers.join('、'),
      完成度: item.percent !== undefined ? `${item.percent}%` : '',
      最新进展: item.latest?.text ?? '',
      更新时间: item.updatedAt !== undefined ? formatDateTime(item.updatedAt, timeZone) : '',
      佐证数: item.evidenceCount,
    }));
}
