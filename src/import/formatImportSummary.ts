import { shorten } from '../text/shorten.js';
import { STATUSES } from '../ledger/item.js';
import { formatDeadline } from '../ledger/formatDeadline.js';
import type { ImportedLedger } from './ImportedLedger.js';

/** What import and import --dry-run print: enough to check every item before the ledger is trusted. */
export function formatImportSummary(file: string, ledger: ImportedLedger): string {
  const { items, categories } = ledger;
  const lines = [`读取：${file}（${ledger.readAs}）`, `事项 ${items.length} 项，${categories.length} 个类别：`];
  categories.forEach((category, index) => {
    lines.push(`  ${category}（${items.filter((item) => item.categoryIndex === index).length} 项）`);
  });
  const counts = STATUSES.map((s) => [s, items.filter((item) => item.status === s).length] as const);
  lines.push(
    `进度：${counts
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${s} ${n} 项`)
      .join('，')}`,
  );
  for (const item of items) {
    const parts = [
      `${item.no}${item.label ? ` [${item.label}]` : ''} ${shorten(item.title, 24)}`,
      item.statusText ? `${item.status}（原文：${shorten(item.statusText, 20)}）` : item.status,
      ...(item.deadline ? [`时限 ${formatDeadline(item.deadline)}`] : []),
      ...(item.people?.length ? [`责任人 ${item.people.join('、')}`] : []),
    ];
    lines.push(`  ${parts.join(' ｜ ')}`);
  }
  if (ledger.skipped.length) {
    lines.push(`跳过 ${ledger.skipped.length} 处：`);
    for (const s of ledger.skipped) lines.push(`  第 ${s.at} 行 “${shorten(s.text, 30)}”：${s.reason}`);
  }
  if (ledger.warnings.length) {
    lines.push('请核对：');
    for (const w of ledger.warnings) lines.push(`  ${w}`);
  }
  return lines.join('\n');
}
