import { shorten } from '../text/shorten.js';
import { taskIdFor } from '../cards/taskIdFor.js';
import { type Card, MAX_CARD_ROWS } from '../reply/Card.js';
import type { Target } from '../outbox/OutboxRecord.js';
import type { LedgerSet } from '../ledger/LedgerSet.js';
import { markdownMessage } from '../outbox/markdownMessage.js';
import type { Push } from '../outbox/Outbox.js';
import { isoWeek } from '../schedule/isoWeek.js';
import { STALE_DAYS, type StaleItem, staleItems } from '../ledger/staleItems.js';

/**
 * One private reminder per officer listing their items with no activity for STALE_DAYS or more.
 * Closed items are left out, and so are items awaiting 销号: those wait on the admins, not the
 * officer. The period is the ISO week, so however often this runs in a week an officer hears once.
 */
export function staleOfficerPushes(ledgers: LedgerSet, now: number, timeZone: string): Push[] {
  const byOfficer = new Map<string, { userId: string; stale: Array<StaleItem & { ref: string }> }>();
  for (const ledger of ledgers.active()) {
    const byNumber = staleItems(ledger, now).sort((a, b) => a.item.no - b.item.no);
    for (const entry of byNumber) {
      if (entry.item.status === '待销号') continue;
      for (const userId of entry.item.officers) {
        const key = userId.toLowerCase();
        const officer = byOfficer.get(key) ?? { userId, stale: [] };
        officer.stale.push({ ...entry, ref: ledgers.ref(ledger, entry.item.no) });
        byOfficer.set(key, officer);
      }
    }
  }
  const period = isoWeek(now, timeZone).key;
  return [...byOfficer.values()].map(({ userId, stale }) => {
    const target: Target = { kind: 'user', userId };
    const card = staleCard(taskIdFor(`stale:${period}`, userId), stale);
    return { kind: 'stale', period, target, message: { ...markdownMessage(reminder(stale), target), card } };
  });
}

/** The same reminder as a card: an item per row and a 查看 button per item (WeCom allows six of each). */
function staleCard(taskId: string, stale: ReadonlyArray<StaleItem & { ref: string }>): Card {
  const shown = stale.slice(0, MAX_CARD_ROWS);
  return {
    taskId,
    title: '整改事项催办',
    desc: `${stale.length} 项已 ${STALE_DAYS} 天以上没有进展`,
    fields: shown.map(({ item, days, ref }) => ({ key: `第${ref}项`, value: `${days}天·${item.title}` })),
    text: `${stale.length > shown.length ? `另有 ${stale.length - shown.length} 项未列出。` : ''}点按钮查看该项；发送「进度 编号 说明」登记进展。`,
    buttons: shown.map(({ ref }) => ({ key: `view:${ref}`, text: `查看${ref}`, style: 2 as const })),
  };
}

function reminder(stale: ReadonlyArray<StaleItem & { ref: string }>): string {
  return [
    '**整改事项催办**',
    `你负责的以下 ${stale.length} 项已 ${STALE_DAYS} 天以上没有进展：`,
    ...stale.map(({ item, days, ref }) => `- ${ref}.【${item.status}】${shorten(item.title, 24)}（${days} 天）`),
    '请发送「进度 编号 说明」登记进展；整改完成后发送「完成 编号 说明」申请销号。',
  ].join('\n');
}
