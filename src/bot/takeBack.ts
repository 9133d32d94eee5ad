import { formatSize } from '../evidence/formatSize.js';
import type { ItemEvent } from '../ledger/item.js';
import { shorten } from '../text/shorten.js';

/** What 撤回 may take back: an update, a photo, or the 完成 that set 待销号. */
export type Takeable = Extract<ItemEvent, { type: 'update' | 'evidence' | 'status' }>;

/** An owner takes back only what they just did; an admin, who reads the weekly digest, has no limit. */
export const OWN_RETRACT_MS = 30 * 60_000;

export function isTakeable(e: ItemEvent): e is Takeable {
  return e.type === 'update' || e.type === 'evidence' || (e.type === 'status' && e.status === '待销号');
}

/**
 * 「进展「清淤完成75%」」, 「佐证照片（3 KB）」, 「销号申请」: what a reply says was taken
 * back.
 */
export function takeableName(e: Takeable): string {
  switch (e.type) {
    case 'update':
      return `进展「${shorten(e.text, 30)}」`;
    case 'evidence':
      return `佐证照片（${formatSize(e.bytes)}）`;
    case 'status':
      return '销号申请';
  }
}
