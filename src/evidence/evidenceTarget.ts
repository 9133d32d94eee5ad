import type { Item } from '../ledger/item.js';
import type { Ledger } from '../ledger/Ledger.js';

export const EVIDENCE_WINDOW_MS = 30 * 60_000;

/**
 * The item a photo from this member belongs to: the one they last reported on (progress, a 完成, or
 * a photo, so a series of photos stays together) within the window. A photo carries no text, so
 * this is the only hint of what it shows.
 */
export function evidenceTarget(store: Ledger, userId: string, now: number): Item | undefined {
  const id = userId.toLowerCase();
  const recent = store.eventsSince(now - EVIDENCE_WINDOW_MS);
  for (let i = recent.length - 1; i >= 0; i--) {
    const e = recent[i]!;
    if (e.by.toLowerCase() !== id) continue;
    if (e.type === 'update' || e.type === 'evidence' || (e.type === 'status' && e.status === '待销号'))
      return store.item(e.itemNo);
  }
  return undefined;
}
