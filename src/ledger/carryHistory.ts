import { foldFullWidth } from '../text/foldFullWidth.js';
import type { ItemBase, ItemEvent } from './item.js';

export interface HistoryPlan {
  /** Old events rewritten onto the new items' numbers, in their original order. */
  carried: ItemEvent[];
  /** How many items' history moves. */
  carriedItems: number;
  /** Old items with history but no counterpart in the new ledger, and how many events they hold. */
  lost: { no: number; events: number }[];
}

/**
 * Which old history belongs to which new item when a ledger is replaced: the same original label
 * (二(3)), or failing that the same problem text. Only history that finds its item moves; seq, time
 * and author stay, so 历史 N shows it as it happened.
 */
export function carryHistory(
  oldItems: readonly ItemBase[],
  events: readonly ItemEvent[],
  newItems: readonly ItemBase[],
): HistoryPlan {
  const byLabel = new Map<string, number>();
  const byTitle = new Map<string, number>();
  for (const item of newItems) {
    if (item.label && !byLabel.has(item.label)) byLabel.set(item.label, item.no);
    if (!byTitle.has(key(item.title))) byTitle.set(key(item.title), item.no);
  }
  const target = new Map<number, number>();
  for (const old of oldItems) {
    const no = (old.label && byLabel.get(old.label)) || byTitle.get(key(old.title));
    if (no !== undefined) target.set(old.no, no);
  }
  const carried: ItemEvent[] = [];
  const moved = new Set<number>();
  const lost = new Map<number, number>();
  for (const e of events) {
    const no = target.get(e.itemNo);
    if (no === undefined) lost.set(e.itemNo, (lost.get(e.itemNo) ?? 0) + 1);
    else {
      carried.push({ ...e, itemNo: no });
      moved.add(e.itemNo);
    }
  }
  return {
    carried,
    carriedItems: moved.size,
    lost: [...lost].map(([no, count]) => ({ no, events: count })).sort((a, b) => a.no - b.no),
  };
}

/** Typeset and plain copies, and a final 。, must not make the same problem look different. */
function key(title: string): string {
  return foldFullWidth(title).replace(/[\s。.]/g, '');
}
