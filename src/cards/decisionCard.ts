import type { Item } from '../ledger/item.js';
import type { Card } from '../reply/Card.js';
import { formatDateTime } from '../text/formatDateTime.js';

/** What an admin decides on after a 完成: the item, who asked, the note, the photos, and two buttons. */
export function decisionCard(
  taskId: string,
  p: { name: string; item: Item; by: string; at: number; note: string; timeZone: string },
): Card {
  return {
    taskId,
    title: `${p.name}申请销号`,
    desc: p.item.title,
    fields: [
      { key: '申请人', value: p.by },
      { key: '时间', value: formatDateTime(p.at, p.timeZone) },
      { key: '照片', value: `${p.item.evidenceCount} 张` },
    ],
    text: p.note,
    buttons: [
      { key: 'close', text: '销号', style: 1 },
      { key: 'reject', text: '退回', style: 2 },
    ],
  };
}
