import { applyEvent, itemFromBase } from './foldItem.js';
import type { Item, ItemBase, ItemEvent } from './item.js';

/**
 * One item's view from scratch: its imported base (if any) folded with its whole history in seq order,
 * leaving out the events taken back. Undefined when the history ends with the item removed.
 */
export function foldHistory(
  base: ItemBase | undefined,
  events: readonly ItemEvent[],
  retracted: ReadonlySet<number>,
): Item | undefined {
  let item = base && itemFromBase(base);
  for (const e of events) {
    if (e.type === 'add' && !item) item = itemFromBase(e.item);
    if (!item) continue;
    if (retracted.has(e.seq)) continue;
    applyEvent(item, e);
    if (e.type === 'remove') item = undefined;
  }
  return item;
}
