import { shorten } from '../text/shorten.js';
import { formatDeadline } from './formatDeadline.js';
import type { ItemBase } from './item.js';

/**
 * What an imported 台账 said about the item beyond problem, measures and status: one short line each.
 * `isBound` tells whether the roster knows a 责任人 name; those it does not are marked （未绑定）.
 */
export function itemDetailLines(item: ItemBase, isBound?: (name: string) => boolean): string[] {
  const people = item.people?.map((name) => (isBound && !isBound(name) ? `${name}（未绑定）` : name));
  return [
    ...(item.label ? [`原编号：${item.label}`] : []),
    ...(item.statusText ? [`进度原文：${shorten(item.statusText, 40)}`] : []),
    ...(item.deadline ? [`整改时限：${shorten(formatDeadline(item.deadline), 40)}`] : []),
    ...(item.leader ? [`责任领导：${shorten(item.leader, 30)}`] : []),
    ...(people?.length ? [`台账责任人：${shorten(people.join('、'), 60)}`] : []),
    ...(item.remarks ? [`备注：${shorten(item.remarks, 60)}`] : []),
  ];
}
