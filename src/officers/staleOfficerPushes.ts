import { shorten } from '../text/shorten.js';
import type { Target } from '../ledger/LedgerDoc.js';
import type { Item } from '../ledger/item.js';
import type { LedgerStore } from '../ledger/LedgerStore.js';
import { markdownMessage } from '../outbox/markdownMessage.js';
import type { Push } from '../outbox/Outbox.js';
import { STALE_DAYS } from '../schedule/buildDigest.js';
import { isoWeek } from '../schedule/isoWeek.js';
import { idleDays } from './idleDays.js';

/**
 * One private reminder per officer listing their items with no activity for STALE_DAYS or more.
 * Closed items are left out, and so are items awaiting 销号: those wait on the admins, not the
 * officer. The period is the ISO week, so however often this runs in a week an officer hears once.
 */
export function staleOfficerPushes(store: LedgerStore, now: number, timeZone: string): Push[] {
  const byOfficer = new Map<string, { userId: string; items: Item[] }>();
  for (const item of [...store.items()].sort((a, b) => a.no - b.no)) {
    if (item.status === '已完成整改' || item.status === '待销号') continue;
    if ((idleDays(item, now) ?? 0) < STALE_DAYS) continue;
    for (const userId of item.officers) {
      const key = userId.toLowerCase();
      const entry = byOfficer.get(key) ?? { userId, items: [] };
      entry.items.push(item);
      byOfficer.set(key, entry);
    }
  }
  const period = isoWeek(now, timeZone).key;
  return [...byOfficer.values()].map(({ userId, items }) => {
    const target: Target = { kind: 'user', userId };
    return { kind: 'stale', period, target, message: markdownMessage(reminder(items, now), target) };
  });
}

function reminder(items: readonly Item[], now: number): string {
  return [
    '**整改事项催办**',
    `你负责的以下 ${items.length} 项已 ${STALE_DAYS} 天以上没有进展：`,
    ...items.map((item) => `- ${item.no}.【${item.status}】${shorten(item.title, 24)}（${idleDays(item, now)} 天）`),
    '请发送「进度 编号 说明」登记进展；整改完成后发送「完成 编号 说明」申请销号。',
  ].join('\n');
}
