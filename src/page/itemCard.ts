import { daysLeft, formatDaysLeft } from '../ledger/daysLeft.js';
import type { Item } from '../ledger/item.js';
import { formatDateTime } from '../text/formatDateTime.js';
import { escapeHtml } from './escapeHtml.js';
import type { ListedItem } from './listedItem.js';
import { itemPath } from './pagePaths.js';

/** CSS class of a status badge: the colours of the digest chart. */
export function statusClass(status: Item['status']): string {
  return { 已完成整改: 'done', 阶段性完成并需长期坚持: 'long', 整改中: 'doing', 待销号: 'wait' }[status];
}

/** One item in a list: number (or ref), status, problem, deadline, officers, last activity. */
export function itemCard({ item, ref, label }: ListedItem, today: string, timeZone: string): string {
  const days = daysLeft(item, today);
  const overdue = days !== undefined && days < 0;
  const deadline = item.deadline
    ? `<span class="${overdue ? 'late' : ''}">时限 ${escapeHtml(item.deadline.date ?? item.deadline.text)}${
        overdue ? `（${formatDaysLeft(days)}）` : ''
      }</span>`
    : '';
  const officers = item.officers.length ? escapeHtml(item.officers.join('、')) : '未指派';
  const activity = item.updatedAt ? formatDateTime(item.updatedAt, timeZone).slice(0, 10) : '无';
  return `<li><a class="card" href="${itemPath(ref)}">
<div class="row"><b>${escapeHtml(label)}</b>${item.label ? `<span class="label">${escapeHtml(item.label)}</span>` : ''}<span class="badge ${statusClass(item.status)}">${escapeHtml(item.status)}</span></div>
<p class="title">${escapeHtml(item.title)}</p>
<div class="meta">${deadline}<span>责任人 ${officers}</span><span>动态 ${activity}</span></div>
</a></li>`;
}
