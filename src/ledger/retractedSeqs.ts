import type { ItemEvent } from './item.js';

/**
 * The seqs taken back among `events`. A retract is newer than its target and belongs to the same
 * item, so any newest-first slice of an item's history holds the retracts of every event in it.
 */
export function retractedSeqs(events: readonly ItemEvent[]): Set<number> {
  const seqs = new Set<number>();
  for (const e of events) if (e.type === 'retract') seqs.add(e.target);
  return seqs;
}
