import { XMLParser } from 'fast-xml-parser';
import { CallbackError } from './CallbackError.js';
import type { InboundMessage } from './InboundMessage.js';

// Values stay strings: MsgId is 64-bit and must not pass through a JS number.
// jPath: false spares building each tag's path string for callbacks we do not use.
const parser = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: true,
  processEntities: true,
  trimValues: true,
  jPath: false,
});

/**
 * Parses a WeCom XML document into its flat <xml> fields. DOCTYPEs are refused outright (entity
 * attacks). There is no separate well-formedness check: the outer envelope is unauthenticated but
 * only its signed Encrypt field is used, and the inner message is authenticated by signature and
 * decryption, so a lenient parse lets nothing unsigned through; a validation pass added a quarter to
 * two fifths to every parse. Whatever the parser throws on is a 400.
 */
export function parseXmlFields(text: string): Record<string, string> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new CallbackError(400, 'XML with a DOCTYPE is not accepted');
  let root: unknown;
  try {
    root = (parser.parse(text) as { xml?: unknown }).xml;
  } catch {
    throw new CallbackError(400, 'body is not well-formed XML');
  }
  // Two <xml> roots come back as an array: not a WeCom document.
  if (typeof root !== 'object' || root === null || Array.isArray(root))
    throw new CallbackError(400, 'XML has no <xml> root');
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(root)) if (typeof value === 'string') fields[key] = value;
  return fields;
}

export function toInboundMessage(f: Record<string, string>): InboundMessage {
  const from = required(f, 'FromUserName');
  const createTime = Number(required(f, 'CreateTime'));
  if (!Number.isSafeInteger(createTime) || createTime < 0)
    throw new CallbackError(400, 'CreateTime is not a unix time');
  const msgType = required(f, 'MsgType');
  let message: InboundMessage;
  switch (msgType) {
    case 'text':
      message = { from, createTime, kind: 'text', content: f.Content ?? '' };
      break;
    case 'image':
      message = {
        from,
        createTime,
        kind: 'image',
        mediaId: required(f, 'MediaId'),
        ...(f.PicUrl && { picUrl: f.PicUrl }),
      };
      break;
    case 'event':
      message = {
        from,
        createTime,
        kind: 'event',
        event: required(f, 'Event'),
        ...(f.EventKey && { eventKey: f.EventKey }),
        ...(f.TaskId && { taskId: f.TaskId }),
        ...(f.CardType && { cardType: f.CardType }),
        ...(f.ResponseCode && { responseCode: f.ResponseCode }),
      };
      break;
    default:
      message = { from, createTime, kind: 'other', msgType };
  }
  // Set afterwards, not spread in from a common part: V8 copies `{ ...common, more }` slowly, and this runs on every
  // callback.
  // Any id WeCom may send, whatever its length or alphabet, up to a sane size. No ':' so it can never
  // pass for another surface's namespaced id (the AI bot's are stored as `aibot:<msgid>`).
  if (f.MsgId !== undefined && MSG_ID.test(f.MsgId)) message.msgId = f.MsgId;
  return message;
}

function required(f: Record<string, string>, key: string): string {
  const value = f[key];
  if (value === undefined || value === '') throw new CallbackError(400, `XML lacks ${key}`);
  return value;
}

const MSG_ID = /^[\w.=+/-]{1,128}$/;

export function cdata(value: string): string {
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

export function textReplyXml(p: { toUser: string; fromUser: string; createTime: number; content: string }): string {
  return `<xml><ToUserName>${cdata(p.toUser)}</ToUserName><FromUserName>${cdata(p.fromUser)}</FromUserName><CreateTime>${p.createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>${cdata(p.content)}</Content></xml>`;
}

export function encryptedReplyXml(p: {
  encrypted: string;
  signature: string;
  timestamp: string;
  nonce: string;
}): string {
  return `<xml><Encrypt>${cdata(p.encrypted)}</Encrypt><MsgSignature>${cdata(p.signature)}</MsgSignature><TimeStamp>${p.timestamp}</TimeStamp><Nonce>${cdata(p.nonce)}</Nonce></xml>`;
}
