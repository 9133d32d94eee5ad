import { z } from 'zod';
import { parseJson } from './parseJson.js';

/** The POST body (§7.1). */
export const aibotEnvelope = z.object({ encrypt: z.string().min(1) });

/** Every decrypted callback names its msgtype; what else it holds depends on that. */
const anyMessage = z.object({ msgtype: z.string().min(1) });

/** A text message (§7.2). chatid and aibotid are not needed to answer, so their absence must not refuse one. */
const textMessage = z.object({
  msgid: z.string().min(1).max(128),
  aibotid: z.string().optional(),
  chatid: z.string().optional(),
  chattype: z.enum(['single', 'group']),
  from: z.object({ userid: z.string().min(1).max(64) }),
  msgtype: z.literal('text'),
  text: z.object({ content: z.string() }),
  response_url: z.string().min(1).max(2048),
});

export type AibotTextMessage = z.infer<typeof textMessage>;

/**
 * A button click on a card the robot posted (接收事件 101027, 模板卡片事件). The nesting under
 * event.template_card_event and the names event_key / task_id are [V2]: an event of another shape is
 * ignored, never refused, so a change on WeCom's side costs answers, not errors.
 */
const cardEvent = z.object({
  msgid: z.string().min(1).max(128),
  chattype: z.enum(['single', 'group']),
  from: z.object({ userid: z.string().min(1).max(64) }),
  msgtype: z.literal('event'),
  response_url: z.string().min(1).max(2048),
  event: z.object({
    eventtype: z.literal('template_card_event'),
    template_card_event: z.object({ event_key: z.string().min(1).max(1024), task_id: z.string().min(1).max(128) }),
  }),
});

export type AibotCardEvent = z.infer<typeof cardEvent>;

/** What both a message and a click carry: enough to answer through the response_url. */
export type AibotRequest = AibotTextMessage | AibotCardEvent;

export type AibotCallback =
  | { kind: 'text'; message: AibotTextMessage }
  | { kind: 'click'; message: AibotCardEvent }
  | { kind: 'ignored'; msgtype: string };

/**
 * A text message to answer, a card click to route, or something else to ignore: other events, stream
 * refreshes (we never start a stream), media. Their shapes are partly UNVERIFIED, so only their msgtype
 * is relied on.
 */
export function parseAibotMessage(plaintext: string): AibotCallback {
  const { msgtype } = parseJson(plaintext, anyMessage, 'decrypted message');
  if (msgtype === 'event') {
    const click = cardEvent.safeParse(JSON.parse(plaintext));
    return click.success ? { kind: 'click', message: click.data } : { kind: 'ignored', msgtype };
  }
  if (msgtype !== 'text') return { kind: 'ignored', msgtype: msgtype.slice(0, 32) };
  return { kind: 'text', message: parseJson(plaintext, textMessage, 'text message') };
}
