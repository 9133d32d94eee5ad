import type { OutboxRecord } from '../../src/outbox/OutboxRecord.js';
import { START_MS } from './testBot.js';

/** A pending two-part notice to user li, as the outbox stores it; `extra` sets its delivery progress. */
export function noticeRecord(id: string, extra: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    id,
    kind: 'notice',
    period: id,
    target: { kind: 'user', userId: 'li' },
    message: { msgtype: 'text', parts: [id, `${id}-2`] },
    state: 'pending',
    attempts: 0,
    createdAt: START_MS,
    ...extra,
  };
}
