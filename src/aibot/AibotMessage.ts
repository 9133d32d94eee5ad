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

export type AibotCallback = { kind: 'text'; message: AibotTextMessage } | { kind: 'ignored'; msgtype: string };

/**
 * A text message to answer, or something else to ignore: events, stream refreshes (we never start a
 * stream), media. Their shapes are partly UNVERIFIED, so only their msgtype is relied on.
 */
export function parseAibotMessage(plaintext: string): AibotCallback {
  const { msgtype } = parseJson(plaintext, anyMessage, 'decrypted message');
  if (msgtype !== 'text') return { kind: 'ignored', msgtype: msgtype.slice(0, 32) };
  return { kind: 'text', message: parseJson(plaintext, textMessage, 'text message') };
}
