import type { LedgerSet } from '../ledger/LedgerSet.js';
import type { DigestSection } from './buildDigest.js';

/**
 * What a digest covers: every active ledger, or those a target follows (by code or name). With one
 * ledger the digest reads as it always did: the section has no heading and items are 第N项.
 */
export function digestSections(ledgers: LedgerSet, follows?: readonly string[]): DigestSection[] {
  const active = ledgers.active();
  const chosen = follows?.length ? active.filter((l) => follows.includes(l.code) || follows.includes(l.name)) : active;
  return chosen.map((l) =>
    ledgers.several ? { name: l.name, code: l.code, source: l } : { name: '', code: '', source: l },
  );
}
