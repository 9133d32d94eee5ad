import type { LedgerSet } from '../ledger/LedgerSet.js';
import { daysLeft, formatDaysLeft } from '../ledger/daysLeft.js';
import type { Item } from '../ledger/item.js';
import { markdownMessage } from '../outbox/markdownMessage.js';
import type { Push } from '../outbox/Outbox.js';
import type { PushKind } from '../outbox/OutboxRecord.js';
import { localTime } from '../schedule/localTime.js';
import { shorten } from '../text/shorten.js';

export const DEADLINE_KIND: PushKind = 'deadline';

/**
 * Each officer's private reminders of deadlines: one once an item is `warnDays` or fewer from its
 * deadline, one once the deadline has passed. The period names the ledger, the item, the date and the
 * threshold, so however often this runs each officer hears once per threshold — and a deadline moved
 * to another date warns again. Items closed or awaiting 销号 are left out (daysLeft says so).
 */
export function deadlinePushes(ledgers: LedgerSet, now: number, timeZone: string, warnDays: number): Push[] {
  const today = localTime(now, timeZone).date;
  const pushes: Push[] = [];
  for (const { ledger, item } of ledgers.items(ledgers.active())) {
    const days = daysLeft(item, today);
    if (days === undefined || days > warnDays || !item.officers.length) continue;
    const threshold = days < 0 ? 'overdue' : 'soon';
    const period = `${ledger.id}/${item.no}:${item.deadline!.date}:${threshold}`;
    const text = reminder(item, days, ledgers.itemName(ledger, item.no), ledgers.ref(ledger, item.no));
    const seen = new Set<string>();
    for (const userId of item.officers) {
      if (seen.has(userId.toLowerCase())) continue;
      seen.add(userId.toLowerCase());
      const target = { kind: 'user' as const, userId };
      pushes.push({ kind: DEADLINE_KIND, period, target, message: markdownMessage(text, target) });
    }
  }
  return pushes;
}

function reminder(item: Item, days: number, name: string, ref: string): string {
  const date = item.deadline!.date!;
  return [
    days < 0 ? '**整改逾期提醒**' : '**整改时限提醒**',
    days < 0
      ? `你负责的${name}已超过整改时限 ${date}（${formatDaysLeft(days)}）：`
      : `你负责的${name}整改时限为 ${date}（${formatDaysLeft(days)}）：`,
    shorten(item.title, 60),
    `请发送「进度 ${ref} 说明」登记进展；整改完成后发送「完成 ${ref} 说明」申请销号。`,
  ].join('\n');
}
