import { daysLeft, formatDaysLeft } from '../ledger/daysLeft.js';
import { formatDeadline } from '../ledger/formatDeadline.js';
import type { Item } from '../ledger/item.js';
import { officerNames } from '../ledger/officerNames.js';
import type { Card } from '../reply/Card.js';
import type { SentCard } from './CardStore.js';
import { formatTime } from '../text/formatTime.js';

/** The history button's key names the item, so a click can be checked against the refs the card was stored with. */
export const HISTORY_KEY = 'history:';
export const MINE_KEY = 'mine';

/**
 * `进度 N` as a group sees it in the 智能机器人: the item at a glance (status, who, deadline, the newest
 * note) and the two things a group asks next. The full view stays the text answer everywhere else.
 */
export function progressCard(
  taskId: string,
  p: { name: string; ref: string; item: Item; today: string; timeZone: string },
): Card {
  const { item } = p;
  const days = daysLeft(item, p.today);
  const deadline = item.deadline && formatDeadline(item.deadline);
  const latest = item.latest;
  return {
    taskId,
    title: p.name,
    desc: item.title,
    fields: [
      { key: '状态', value: item.status },
      { key: '责任人', value: `${officerNames(item)}${item.unit ? `（${item.unit}）` : ''}` },
      ...(deadline
        ? [{ key: '整改时限', value: days === undefined ? deadline : `${formatDaysLeft(days)}·${deadline}` }]
        : []),
      ...(item.percent !== undefined ? [{ key: '完成度', value: `${item.percent}%` }] : []),
      ...(item.evidenceCount ? [{ key: '照片', value: `${item.evidenceCount} 张` }] : []),
    ],
    text: latest
      ? `最新进展（${formatTime(latest.at, p.timeZone)} ${latest.by}）：${latest.text}`
      : '暂无进展。责任人可发「进度 编号 说明」登记。',
    buttons: [
      { key: `${HISTORY_KEY}${p.ref}`, text: '查看历史', style: 1 },
      { key: MINE_KEY, text: '我的事项', style: 2 },
    ],
  };
}

/** What a 进度 card is for, as the card store keeps it: the item its history button names. */
export function progressSentCard(card: Card, userId: string, at: number): SentCard {
  const refs = card.buttons.filter((b) => b.key.startsWith(HISTORY_KEY)).map((b) => b.key.slice(HISTORY_KEY.length));
  return { taskId: card.taskId, group: card.taskId, userId, purpose: 'progress', refs, at };
}
