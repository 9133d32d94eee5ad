import type { ItemBase } from '../ledger/item.js';

const N = '(\\d+)(?:个|项|条)';
const TOTAL = new RegExp(`${N}(?:具体)?问题`);
const DONE = new RegExp(
  `已?(?:完成整改|整改完成|整改到位|办结|销号)(?:的有)?${N}|${N}(?:问题)?已(?:完成整改|整改完成|整改到位|办结|销号)`,
);
const OPEN = new RegExp(
  `(?:正在整改|整改中|持续整改|推进中|未完成|阶段性完成)(?:的有)?${N}|${N}(?:问题)?(?:正在整改|需长期坚持|持续整改|阶段性完成)`,
);

/**
 * Notices often state their own totals (共反馈26个问题，已完成整改19个、正在整改6个). Where they do,
 * a different count read from the items means an item was missed or misread: the user should look.
 */
export function statedTotalsWarnings(context: readonly string[], items: readonly ItemBase[]): string[] {
  const text = context.join('\n');
  const done = items.filter((item) => item.status === '已完成整改').length;
  const checks: { pattern: RegExp; what: string; read: number }[] = [
    { pattern: TOTAL, what: '共', read: items.length },
    { pattern: DONE, what: '已完成整改', read: done },
    { pattern: OPEN, what: '未完成（整改中或需长期坚持）', read: items.length - done },
  ];
  const warnings: string[] = [];
  for (const { pattern, what, read } of checks) {
    const match = pattern.exec(text);
    const stated = match ? Number(match.slice(1).find((g) => g !== undefined)) : undefined;
    if (stated !== undefined && stated !== read)
      warnings.push(`文中写明${what} ${stated} 个，读到的是 ${read} 个：请核对（“${match![0]}”）`);
  }
  return warnings;
}
