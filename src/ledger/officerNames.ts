import type { Item } from './item.js';

/** "zhangsan、lisi", or 未指派 so a reply never shows an empty pair of brackets. */
export function officerNames(item: Item): string {
  return item.officers.length ? item.officers.join('、') : '未指派';
}
