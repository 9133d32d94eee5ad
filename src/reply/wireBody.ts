import { fitBytes } from '../text/fitBytes.js';
import { TEXT_LIMIT } from './channelLimits.js';
import type { Reply } from './Reply.js';

/** The `msgtype` + content part shared by message/send, appchat/send, robot webhook and response_url bodies. */
export function wireBody(msgtype: 'text' | 'markdown', content: string): Record<string, unknown> {
  return { msgtype, [msgtype]: { content } };
}

/**
 * A reply as the text a text-only surface (passive reply XML, terminal) shows: markdown is sent as
 * it reads, a file by its caption. Cut to WeCom's text limit so no surface can exceed it.
 */
export function replyText(reply: Reply): string {
  return fitBytes(reply.type === 'file' ? reply.caption : reply.text, TEXT_LIMIT);
}
