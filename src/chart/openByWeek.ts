import type { ItemBase, ItemEvent, Status } from '../ledger/item.js';
import { isoWeek } from '../schedule/isoWeek.js';

export interface WeekOpen {
  /** e.g. "第48周". */
  week: string;
  /** Items not 已完成整改 at that moment. */
  open: number;
}

const WEEK_MS = 7 * 86_400_000;

/**
 * Open items at this moment of each past week, oldest first, from the imported statuses folded with
 * the status events: the view holds only today's status. Weeks before the ledger existed are left out;
 * fewer than two points make no line, so the answer is then empty.
 */
export function openByWeek(
  base: readonly ItemBase[],
  events: readonly ItemEvent[],
  createdAt: number,
  now: number,
  timeZone: string,
  weeks = 8,
): WeekOpen[] {
  const status = new Map<number, Status>(base.map((item) => [item.no, item.status]));
  const statusEvents = events.filter((e) => e.type === 'status').sort((a, b) => a.at - b.at);
  const points: WeekOpen[] = [];
  let next = 0;
  for (let k = weeks - 1; k >= 0; k--) {
    const at = now - k * WEEK_MS;
    if (at < createdAt) continue;
    for (; next < statusEvents.length && statusEvents[next]!.at <= at; next++) {
      const e = statusEvents[next]!;
      if (status.has(e.itemNo)) status.set(e.itemNo, e.status);
    }
    let open = 0;
    for (const s of status.values()) if (s !== '已完成整改') open += 1;
    points.push({ week: `第${Number(isoWeek(at, timeZone).key.split('-W')[1])}周`, open });
  }
  return points.length >= 2 ? points : [];
}
