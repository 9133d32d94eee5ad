import { editedFieldNames } from '../ledger/editedFieldNames.js';
import { formatSize } from '../evidence/formatSize.js';
import { formatDeadline } from '../ledger/formatDeadline.js';
import { deadlineChange } from '../ledger/deadlineChange.js';
import type { Item, ItemEvent } from '../ledger/item.js';
import { retractedSeqs } from '../ledger/retractedSeqs.js';
import { formatDateTime } from '../text/formatDateTime.js';
import { escapeHtml } from './escapeHtml.js';
import { statusClass } from './itemCard.js';
import { itemPath, photoPath } from './pagePaths.js';
import { isOverdue } from '../ledger/isOverdue.js';

export interface ItemInput {
  item: Item;
  /** 「第20项」, or 「审计2022第20项」 among several ledgers. */
  name: string;
  /** 「20」, or 「审20」 among several ledgers: the item's URL and what the update form sends to chat. */
  ref: string;
  category: string;
  /** Newest first. */
  history: ItemEvent[];
  today: string;
  timeZone: string;
  /** The update form's hidden fields when the visitor may add an update; absent otherwise. */
  form?: { csrf: string; submission: string };
  /** The answer to the visitor's last update, shown once. */
  flash?: string;
}

/** One item whole: the problem, measures and original wording, photos, history, and the update form. */
export function itemPage(o: ItemInput): string {
  const { item } = o;
  const facts: [string, string | undefined][] = [
    ['类别', o.category],
    ['原编号', item.label],
    ['进度原文', item.statusText],
    ['完成度', item.percent !== undefined ? `${item.percent}%` : undefined],
    ['整改时限', item.deadline && `${formatDeadline(item.deadline)}${isOverdue(item, o.today) ? '（已逾期）' : ''}`],
    ['责任领导', item.leader],
    ['责任单位', item.unit],
    ['台账责任人', item.people?.join('、')],
    ['责任人', item.officers.join('、') || '未指派'],
    ['备注', item.remarks],
  ];
  const dl = facts
    .filter((f): f is [string, string] => !!f[1])
    .map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v)}</dd>`)
    .join('');
  const gone = retractedSeqs(o.history);
  const photos = o.history.filter(
    (e): e is Extract<ItemEvent, { type: 'evidence' }> => e.type === 'evidence' && !gone.has(e.seq),
  );
  const gallery = photos.length
    ? `<section><h2>佐证照片（${photos.length}）</h2><div class="photos">${photos
        .map(
          (e) =>
            `<a href="${photoPath(o.ref, e.sha256)}"><img src="${photoPath(o.ref, e.sha256)}" alt="${escapeHtml(o.name)}佐证照片，${escapeHtml(formatDateTime(e.at, o.timeZone))} ${escapeHtml(e.by)} 上传" loading="lazy"></a>`,
        )
        .join('')}</div></section>`
    : '';
  const history = o.history.length
    ? `<ol class="history">${o.history
        .map(
          (e) =>
            `<li><div class="when">${escapeHtml(formatDateTime(e.at, o.timeZone))} · ${escapeHtml(e.by === 'system' ? '系统' : e.by)}</div><div>${describe(e)}${gone.has(e.seq) ? '（已撤回）' : ''}</div></li>`,
        )
        .join('')}</ol>`
    : '<p class="empty">还没有任何记录。</p>';
  const measures = item.measures.map((m) => `<p>${escapeHtml(m)}</p>`).join('');
  return `<section class="head"><div class="row"><b>${escapeHtml(o.name)}</b><span class="badge ${statusClass(item.status)}">${escapeHtml(item.status)}</span></div>
<h1>${escapeHtml(item.title)}</h1></section>
${o.flash ? `<p class="flash" role="status">${escapeHtml(o.flash)}</p>` : ''}
<section><dl class="facts">${dl}</dl></section>
${o.form ? updateForm(o.ref, o.form) : ''}
<section><h2>整改措施</h2><div class="measures">${measures || '<p class="empty">未写明。</p>'}</div></section>
${gallery}
<section><h2>历史记录</h2>${history}</section>`;
}

function updateForm(ref: string, form: { csrf: string; submission: string }): string {
  return `<section><h2>登记进展</h2><form class="update" method="post" action="${itemPath(ref)}/update">
<input type="hidden" name="csrf" value="${escapeHtml(form.csrf)}">
<input type="hidden" name="submission" value="${escapeHtml(form.submission)}">
<textarea name="note" rows="3" maxlength="1000" required placeholder="例如：清淤完成75%（写百分比会更新完成度）"></textarea>
<button type="submit">提交进展</button></form></section>`;
}

function describe(e: ItemEvent): string {
  switch (e.type) {
    case 'update':
      return `进展：${escapeHtml(e.text)}${e.percent !== undefined ? `（完成度 ${e.percent}%）` : ''}`;
    case 'status':
      return `状态改为「${escapeHtml(e.status)}」${e.note ? `：${escapeHtml(e.note)}` : ''}`;
    case 'assign':
      return `指派给 ${escapeHtml(e.officers.join('、') || '（无人）')}${e.unit ? `（${escapeHtml(e.unit)}）` : ''}`;
    case 'evidence':
      return `上传佐证照片（${formatSize(e.bytes)}）`;
    case 'deadline':
      return `整改时限：${escapeHtml(deadlineChange(e.previous, e.deadline))}`;
    case 'received':
      return '已接收指派';
    case 'edit':
      return `修改台账：${escapeHtml(editedFieldNames(e.fields))}`;
    case 'add':
      return '新增到台账';
    case 'remove':
      return '移出台账';
    case 'retract':
      return '撤回一条记录';
  }
}
