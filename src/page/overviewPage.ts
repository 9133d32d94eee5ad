import type { Item } from '../ledger/item.js';
import { formatRate, ledgerSummary } from '../ledger/ledgerSummary.js';
import { STALE_DAYS, staleItems } from '../ledger/staleItems.js';
import { isOverdue } from '../ledger/isOverdue.js';
import { escapeHtml } from './escapeHtml.js';
import { statusClass } from './itemCard.js';
import { pageHref } from './pagePaths.js';

export interface OverviewInput {
  items: Item[];
  categories: readonly string[];
  createdAt: number;
  now: number;
  today: string;
  /** e.g. 统计至 2026-11-27 10:00 */
  asOf: string;
  chartVersion: string;
  /** Among several ledgers: which one, named above its figures and in every link (`?l=`). */
  ledger?: { code: string; name: string; archived: boolean };
}

/** One ledger's digest figures and picture: totals, per status, per category, overdue and idle counts. */
export function overviewPage(o: OverviewInput): string {
  const code = o.ledger?.code;
  const list = (params: Record<string, string>) => escapeHtml(pageHref('/list', code, params));
  const s = ledgerSummary(o.items, o.categories);
  const overdue = o.items.filter((i) => isOverdue(i, o.today)).length;
  const stale = staleItems({ items: () => o.items, createdAt: o.createdAt }, o.now).length;
  const statuses = Object.entries(s.byStatus)
    .filter(([, n]) => n > 0)
    .map(
      ([status, n]) =>
        `<a class="chip ${statusClass(status as Item['status'])}" href="${list({ status })}">${escapeHtml(status)} <b>${n}</b></a>`,
    )
    .join('');
  const categories = s.categories
    .map(
      (c, index) => `<li><a href="${list({ category: String(index) })}">
<span class="name">${escapeHtml(c.name)}</span><span class="count">${c.done}/${c.total}</span>
<progress max="${Math.max(1, c.total)}" value="${c.done}"></progress></a></li>`,
    )
    .join('');
  const heading = o.ledger
    ? `<h1 class="ledger">${escapeHtml(o.ledger.name)}<span class="code">${escapeHtml(o.ledger.code)}</span>${
        o.ledger.archived ? '<span class="label">已归档</span>' : ''
      }</h1>\n`
    : '';
  return `${heading}<section class="hero">
<div class="rate"><b>${formatRate(s.completionRate)}</b><span>完成率</span></div>
<div class="figures"><span>共 <b>${s.total}</b> 项</span><span>已完成 <b>${s.byStatus.已完成整改}</b> 项</span></div>
<p class="asof">${escapeHtml(o.asOf)}</p>
</section>
<section class="alerts">
<a href="${list({ overdue: '1' })}" class="${overdue ? 'warn' : ''}">逾期 <b>${overdue}</b> 项</a>
<a href="${list({ status: '整改中' })}">${STALE_DAYS}天未更新 <b>${stale}</b> 项</a>
</section>
<section><h2>按状态</h2><div class="chips">${statuses}</div></section>
<section><h2>按类别（已完成/总数）</h2><ul class="cats">${categories}</ul></section>
<section><h2>进度图</h2><img class="chart" src="${escapeHtml(pageHref('/chart.png', code, { v: o.chartVersion }))}" alt="整改进度图：各类别完成情况与每周未完成项" width="750" height="600"></section>`;
}
