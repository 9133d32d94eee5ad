import { itemCard } from './itemCard.js';
import type { ListedItem } from './listedItem.js';

/** A bare number several ledgers have, as chat answers 「进度 3」: each of them, to pick one. */
export function itemChoicePage(no: number, choices: ListedItem[], today: string, timeZone: string): string {
  return `<p class="count">第${no}项在 <b>${choices.length}</b> 本台账中都有，请选择：</p>
<ul class="items">${choices.map((c) => itemCard(c, today, timeZone)).join('')}</ul>`;
}
