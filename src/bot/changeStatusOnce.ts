import type { NewItemEvent, Status } from '../ledger/item.js';
import { formatDateTime } from '../text/formatDateTime.js';
import type { ItemScope } from './itemScope.js';

export const STATUS_VERBS: Record<Status, string> = {
  已完成整改: '销号',
  整改中: '退回',
  待销号: '申请销号',
  阶段性完成并需长期坚持: '改为长期坚持',
};

/**
 * A status change (or the 撤回 of one) from one chat message, applied at most once and only if the
 * item is still in the status the command checked. Resolves undefined when applied (or already applied by a retry of
 * the same message), else the reply that tells the sender who acted first.
 */
export async function changeStatusOnce(
  scope: ItemScope,
  expected: Status,
  event: NewItemEvent,
): Promise<string | undefined> {
  const { store, msgId } = scope;
  if (msgId !== undefined && store.hasMessage(msgId)) return undefined;
  const result = await store.appendIfStatus(event.itemNo, expected, [
    msgId === undefined ? event : { ...event, msgId },
  ]);
  if (Array.isArray(result)) return undefined;
  const { item, by } = result;
  const who = by
    ? `已被 ${by.userId} 于 ${formatDateTime(by.at, scope.timeZone)} ${STATUS_VERBS[by.status]}，`
    : '状态已变，';
  return `${scope.name}${who}现为「${item.status}」，你的操作没有执行。发送「进度 ${scope.ref}」查看。`;
}
