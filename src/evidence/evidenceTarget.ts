import type { LedgerItem, LedgerSet } from '../ledger/LedgerSet.js';

export const EVIDENCE_WINDOW_MS = 30 * 60_000;

/**
 * The item a photo from this member belongs to: the one they last reported on (progress, a 完成, or
 * a photo, so a series of photos stays together) within the window, in whichever ledger. A photo
 * carries no text, so this is the only hint of what it shows.
 */
export function evidenceTarget(ledgers: LedgerSet, userId: string, now: number): LedgerItem | undefined {
  const id = userId.toLowerCase();
  let best: { at: number; target: LedgerItem } | undefined;
  for (const ledger of ledgers.all) {
    const recent = ledger.eventsSince(now - EVIDENCE_WINDOW_MS);
    for (let i = recent.length - 1; i >= 0; i--) {
      const e = recent[i]!;
      if (e.by.toLowerCase() !== id) continue;
      if (e.type !== 'update' && e.type !== 'evidence' && !(e.type === 'status' && e.status === '待销号')) continue;
      const item = ledger.item(e.itemNo);
      if (item && (!best || e.at > best.at)) best = { at: e.at, target: { ledger, item } };
      break;
    }
  }
  return best?.target;
}
