import type { Item } from '../ledger/item.js';
import type { Card } from '../reply/Card.js';

/** An officer's assignment: the item, its deadline where the ledger has one, and 查看 / 已接收. */
export function assignedCard(taskId: string, p: { name: string; item: Item; by: string; unit?: string }): Card {
  const deadline = p.item.deadline?.text;
  return {
    taskId,
    title: `${p.name}指派给你`,
    desc: p.item.title,
    fields: [
      { key: '指派人', value: p.by },
      ...(p.unit ? [{ key: '单位', value: p.unit }] : []),
      ...(deadline ? [{ key: '时限', value: deadline }] : []),
    ],
    text: '「进度 编号 说明」登记进展，随后可发照片；完成后发「完成 编号 说明」。',
    buttons: [
      { key: 'view', text: '查看', style: 2 },
      { key: 'ack', text: '已接收', style: 1 },
    ],
  };
}
