import { isOverdue } from '../ledger/isOverdue.js';
import { formatRate, ledgerSummary } from '../ledger/ledgerSummary.js';
import { escapeHtml } from './escapeHtml.js';
import type { PageLedger } from './PageLedgers.js';
import { pageHref } from './pagePaths.js';

/**
 * The overview among several ledgers: one compact block per active ledger, each linking to its own
 * overview, then the archived ones folded under 已归档 (finished, but still readable).
 */
export function ledgersPage(ledgers: readonly PageLedger[], today: string, asOf: string): string {
  const active = ledgers.filter((l) => !l.archived);
  const archived = ledgers.filter((l) => l.archived);
  const folded = archived.length
    ? `<details class="archived"><summary>已归档（${archived.length} 本）</summary>
<ul class="ledgers">${archived.map((l) => block(l, today)).join('')}</ul></details>`
    : '';
  return `<p class="count">共 <b>${active.length}</b> 本台账在办 · ${escapeHtml(asOf)}</p>
<ul class="ledgers">${active.map((l) => block(l, today)).join('')}</ul>${folded}`;
}

function block(ledger: PageLedger, today: string): string {
  const items = ledger.items();
  const s = ledgerSummary(items, ledger.categories);
  const overdue = items.filter((i) => isOverdue(i, today)).length;
  return `<li><a class="card" href="${escapeHtml(pageHref('/', ledger.code))}">
<div class="row"><b>${escapeHtml(ledger.name)}</b><span class="code">${escapeHtml(ledger.code)}</span><span class="rate">${formatRate(s.completionRate)}</span></div>
<div class="meta"><span>共 <b>${s.total}</b> 项</span><span>已完成 <b>${s.byStatus.已完成整改}</b></span><span class="${overdue ? 'late' : ''}">逾期 <b>${overdue}</b></span></div>
<progress max="${Math.max(1, s.total)}" value="${s.byStatus.已完成整改}"></progress></a></li>`;
}
