import type { Push } from '../outbox/Outbox.js';
import type { SentCard } from './CardStore.js';

/** What a push's card is for, as the card store keeps it: the items are those its 查看 buttons name. */
export function sentCard(push: Push, purpose: SentCard['purpose'], at: number): SentCard[] {
  const card = push.message.msgtype === 'image' ? undefined : push.message.card;
  if (!card || push.target.kind !== 'user') return [];
  const refs = card.buttons.filter((b) => b.key.startsWith('view:')).map((b) => b.key.slice('view:'.length));
  return [{ taskId: card.taskId, group: card.taskId, userId: push.target.userId, purpose, refs, at }];
}
