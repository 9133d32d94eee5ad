import { escapeHtml } from './escapeHtml.js';
import { itemCard } from './itemCard.js';
import { byUrgency } from './itemListing.js';
import type { ListedItem } from './listedItem.js';

/** The signed-in officer's items of every active ledger, most urgent first. */
export function minePage(userId: string, mine: ListedItem[], today: string, timeZone: string): string {
  if (!mine.length) {
    return `<p class="empty">${escapeHtml(userId)}，目前没有指派给你的事项。管理员在聊天中发送「指派 编号 你的账号」后，事项会出现在这里。</p>`;
  }
  const cards = byUrgency(mine, today).map((i) => itemCard(i, today, timeZone));
  return `<p class="count">指派给你的事项共 <b>${mine.length}</b> 项</p><ul class="items">${cards.join('')}</ul>`;
}
