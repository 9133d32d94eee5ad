import { asStorageFault } from '../storage/StorageFault.js';

/** What a member reads when a command threw: no detail (it may hold internals), and what to do next. */
export const FAILURE_REPLY = '抱歉，处理这条消息时出错了，请稍后再试。如果一直这样，请联系管理员。';

/** A refusing disk gets its own words (nothing was saved, who can fix it); anything else the generic reply. */
export function failureReply(err: unknown): string {
  return asStorageFault(err)?.reply ?? FAILURE_REPLY;
}
