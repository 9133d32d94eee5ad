import type { ImportResult } from '../storage/files/importLedger.js';

/** What became of the data folder, history included, in words an operator can act on. */
export function importResultLines(result: ImportResult, dataDir: string): string[] {
  const { name, code, added } = result.ledger;
  const lines = [`已建立台账：${result.items} 项，${result.categories} 个类别 → ${dataDir}`];
  if (added) lines.push(`与原有台账并存：「${name}」，代码 ${code}（群里发「进度 ${code}1」看其第1项）`);
  const h = result.history;
  if (h) {
    lines.push(
      h.carriedEvents
        ? `历史记录：${h.carriedEvents} 条（进展、状态、指派、佐证）随 ${h.carriedItems} 项事项带到新台账。`
        : '历史记录：没有能对上新事项的记录，新台账从空白历史开始。',
    );
    if (h.droppedEvents)
      lines.push(
        `已舍弃旧台账第 ${h.droppedItems.join('、')} 项的 ${h.droppedEvents} 条记录（在下面的备份里），佐证照片仍在 evidence/ 下。`,
      );
  }
  for (const backup of result.backups) lines.push(`旧文件已备份：${backup}`);
  return lines;
}
