import type { NewItemEvent } from '../ledger/item.js';
import type { Ledger } from '../ledger/Ledger.js';

export interface MessageScope {
  store: Ledger;
  /** Id of the chat message that causes the change; absent for surfaces without one. */
  msgId?: string;
}

/**
 * Appends what one chat message changes, at most once. WeCom re-sends a message it got no answer
 * for, possibly to a bot restarted in between; the msgId kept with the events is what recognises it.
 * Resolves false (and stores nothing) when that message was already applied, here or, on a shared
 * storage, by another instance a moment ago (the storage then stores nothing).
 */
export async function appendOnce(scope: MessageScope, events: readonly NewItemEvent[]): Promise<boolean> {
  const { store, msgId } = scope;
  if (msgId !== undefined && store.hasMessage(msgId)) return false;
  const stored = await store.append(msgId === undefined ? events : events.map((e) => ({ ...e, msgId })));
  return stored.length > 0;
}
