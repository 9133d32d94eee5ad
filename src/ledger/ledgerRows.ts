import { formatDateTime } from '../text/formatDateTime.js';
import type { Item } from './item.js';

/** 责任人 is who was assigned in chat (WeCom userids); 责任人姓名 is who the imported 台账 named. */
export const LEDGER_COLUMNS = [
  '序号',
  '原编号',
  '类别',
  '问题',
  '整改措施',
  '整改进度',
  '进度原文',
  '整改时限',
  '责任领导',
  '责任单位',
  '责任人',
  '责任人姓名',
  '完成度',
  '最新进展',
  '更新时间',
  '佐证数',
  '备注',
] as const;

export type LedgerRow = Record<(typeof LEDGER_COLUMNS)[number], string | number>;

/** One ledger's rows under its name: a worksheet, a section or a 台账 column, by format. */
export interface LedgerSheet {
  name: string;
  rows: readonly LedgerRow[];
}

export function isSheets(value: readonly LedgerRow[] | readonly LedgerSheet[]): value is readonly LedgerSheet[] {
  return value.length > 0 && 'rows' in value[0]!;
}

/**
 * One row per item, the way a party office hands the ledger upward. Shared by every export format.
 * Imported fields are written as the unit wrote them (整改时限 too), so an import of the export gives back the same
 * items.
 */
export function ledgerRows(items: readonly Item[], categories: readonly string[], timeZone: string): LedgerRow[] {
  return [...items]
    .sort((a, b) => a.no - b.no)
    .map((item) => ({
      序号: item.no,
      原编号: item.label ?? '',
      类别: categories[item.categoryIndex] ?? item.category,
      问题: item.title,
      整改措施: item.measures.join('\n'),
      整改进度: item.status,
      进度原文: item.statusText ?? '',
      整改时限: item.deadline?.text ?? '',
      责任领导: item.leader ?? '',
      责任单位: item.unit ?? '',
      责任人: item.officers.join('、'),
      责任人姓名: item.people?.join('、') ?? '',
      完成度: item.percent !== undefined ? `${item.percent}%` : '',
      最新进展: item.latest?.text ?? '',
      更新时间: item.updatedAt !== undefined ? formatDateTime(item.updatedAt, timeZone) : '',
      佐证数: item.evidenceCount,
      备注: item.remarks ?? '',
    }));
}
