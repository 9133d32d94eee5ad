/**
 * Plays the WeCom side of the callback protocol (docs/wecom-protocol.md §1, §3, §7) so tests can
 * drive our bot exactly as WeCom would. Written from the spec, independently of src/, so a bug in
 * our crypto cannot hide itself by being mirrored here.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface WeComSignerOptions {
  token: string;
  encodingAESKey: string;
  /** CorpID for a self-built app, "" for the AI bot. */
  receiveId: string;
  /** Unix seconds; injectable so tests can exercise timestamp tolerance. */
  now?: () => number;
}

export interface QueryOptions {
  timestamp?: string;
  nonce?: string;
  /** Overrides the computed signature, e.g. to send a forged one. */
  signature?: string;
}

export interface PostOptions extends QueryOptions {
  agentId?: string;
  random?: Buffer;
}

export interface HttpResult {
  status: number;
  body: string;
}

export interface OpenedReply {
  toUser: string;
  fromUser: string;
  msgType: string;
  content: string;
  createTime: string;
  /** The whole decrypted reply, for non-text replies (e.g. nested <Image><MediaId>). */
  xml: string;
}

interface TextMessage {
  from: string;
  content: string;
  msgId: string;
  createTime?: number;
  agentId?: string;
  toUser?: string;
}

interface ImageMessage {
  from: string;
  mediaId: string;
  picUrl?: string;
  msgId: string;
  createTime?: number;
  agentId?: string;
  toUser?: string;
}

/** A 智能机器人 text message (§7.2). */
export interface AibotTextMessage {
  msgid: string;
  aibotid: string;
  chatid?: string;
  chattype: 'single' | 'group';
  from: { userid: string };
  msgtype: 'text';
  text: { content: string };
  response_url: string;
}

interface EventMessage {
  from: string;
  event: string;
  createTime: number;
  eventKey?: string;
  agentId?: string;
  toUser?: string;
}

const BLOCK = 32;
const DEFAULT_AGENT_ID = '1000002';

export class WeComSigner {
  readonly token: string;
  readonly receiveId: string;
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private readonly now: () => number;

  constructor(opts: WeComSignerOptions) {
    if (!/^[A-Za-z0-9]{43}$/.test(opts.encodingAESKey)) {
      throw new Error('WeComSigner: encodingAESKey must be 43 chars of [A-Za-z0-9]');
    }
    this.token = opts.token;
    this.receiveId = opts.receiveId;
    this.key = Buffer.from(`${opts.encodingAESKey}=`, 'base64');
    this.iv = this.key.subarray(0, 16);
    this.now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  }

  signature(timestamp: string, nonce: string, encrypted: string): string {
    const joined = [this.token, timestamp, nonce, encrypted].sort().join('');
    return createHash('sha1').update(joined, 'utf8').digest('hex');
  }

  encrypt(plaintext: string, opts: { random?: Buffer; receiveId?: string } = {}): string {
    const random = opts.random ?? randomBytes(16);
    if (random.length !== 16) throw new Error('WeComSigner.encrypt: random must be 16 bytes');
    const msg = Buffer.from(plaintext, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length);
    const body = Buffer.concat([random, len, msg, Buffer.from(opts.receiveId ?? this.receiveId, 'utf8')]);
    // Node's auto-padding is 16-byte PKCS#7; WeCom pads to 32, so we pad by hand.
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    return Buffer.concat([cipher.update(pad32(body)), cipher.final()]).toString('base64');
  }

  decrypt(b64: string): { message: string; receiveId: string } {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new Error('decrypt: ciphertext is not Base64');
    const data = Buffer.from(b64, 'base64');
    if (data.length === 0 || data.length % BLOCK !== 0) {
      throw new Error(`decrypt: ciphertext is ${data.length} bytes, not a positive multiple of ${BLOCK}`);
    }
    const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    const body = unpad32(Buffer.concat([decipher.update(data), decipher.final()]));
    if (body.length < 20) throw new Error('decrypt: plaintext shorter than random+length header');
    const msgLen = body.readUInt32BE(16);
    if (20 + msgLen > body.length) throw new Error(`decrypt: msg_len ${msgLen} exceeds plaintext`);
    return {
      message: body.subarray(20, 20 + msgLen).toString('utf8'),
      receiveId: body.subarray(20 + msgLen).toString('utf8'),
    };
  }

  callbackQuery(encrypted: string, opts: QueryOptions = {}): string {
    return this.signedParams(encrypted, opts).toString();
  }

  /** GET URL verification: the signature covers echostr, which travels in the query itself. */
  verifyQuery(echoPlain: string, opts: QueryOptions = {}): { query: string; echostr: string } {
    const echostr = this.encrypt(echoPlain);
    const params = this.signedParams(echostr, opts);
    params.set('echostr', echostr); // URLSearchParams percent-encodes '+', so it survives decoding
    return { query: params.toString(), echostr };
  }

  textMessageXml(p: TextMessage): string {
    return this.messageXml(p, 'text', [cdata('Content', p.content), plain('MsgId', p.msgId)]);
  }

  imageMessageXml(p: ImageMessage): string {
    const picUrl = p.picUrl ?? `https://wework.qpic.cn/fake/${encodeURIComponent(p.mediaId)}`;
    return this.messageXml(p, 'image', [cdata('PicUrl', picUrl), cdata('MediaId', p.mediaId), plain('MsgId', p.msgId)]);
  }

  eventXml(p: EventMessage): string {
    return this.messageXml(p, 'event', [cdata('Event', p.event), cdata('EventKey', p.eventKey ?? '')]);
  }

  /** A button click on a template card (事件格式: 模板卡片事件推送). */
  cardEventXml(p: EventMessage & { taskId: string; responseCode: string; cardType?: string }): string {
    return this.messageXml(p, 'event', [
      cdata('Event', 'template_card_event'),
      cdata('EventKey', p.eventKey ?? ''),
      cdata('TaskId', p.taskId),
      cdata('CardType', p.cardType ?? 'button_interaction'),
      cdata('ResponseCode', p.responseCode),
    ]);
  }

  /** A text message to the 智能机器人 (§7.2), as JSON for postJson; a group message carries its chatid. */
  aibotTextMessage(p: {
    msgid: string;
    from: string;
    content: string;
    responseUrl: string;
    chattype?: 'single' | 'group';
  }): AibotTextMessage {
    return {
      ...this.aibotCommon(p.msgid, p.from, p.chattype ?? 'group'),
      msgtype: 'text',
      text: { content: p.content },
      response_url: p.responseUrl,
    };
  }

  /**
   * A button click on a card the 智能机器人 posted, as JSON (接收事件 101027: the event's own fields
   * nest under event.template_card_event; response_url is the click's own one-use answer link).
   * Pass it to postJson.
   */
  aibotCardEvent(p: {
    msgid: string;
    from: string;
    taskId: string;
    eventKey: string;
    responseUrl: string;
    chattype?: 'single' | 'group';
  }): Record<string, unknown> {
    return {
      ...this.aibotCommon(p.msgid, p.from, p.chattype ?? 'group'),
      create_time: this.now(),
      msgtype: 'event',
      response_url: p.responseUrl,
      event: {
        eventtype: 'template_card_event',
        template_card_event: { card_type: 'button_interaction', event_key: p.eventKey, task_id: p.taskId },
      },
    };
  }

  private aibotCommon(msgid: string, from: string, chattype: 'single' | 'group') {
    return {
      msgid,
      aibotid: 'AIBOTID',
      ...(chattype === 'group' && { chatid: 'wrkSFfCgAAbotgroup' }),
      chattype,
      from: { userid: from },
    };
  }

  envelopeXml(encrypted: string, agentId: string = DEFAULT_AGENT_ID): string {
    return `<xml>${cdata('ToUserName', this.receiveId)}${cdata('AgentID', agentId)}${cdata('Encrypt', encrypted)}</xml>`;
  }

  jsonEnvelope(encrypted: string): string {
    return JSON.stringify({ encrypt: encrypted });
  }

  /** Encrypts, signs and POSTs a decrypted-message XML the way WeCom delivers an app callback. */
  post(baseUrl: string, path: string, plainXml: string, opts: PostOptions = {}): Promise<HttpResult> {
    const encrypted = this.encrypt(plainXml, { random: opts.random });
    return this.send(baseUrl, path, encrypted, 'text/xml', this.envelopeXml(encrypted, opts.agentId), opts);
  }

  /** Same for the AI bot, whose callback body is JSON (§7.1). */
  postJson(baseUrl: string, path: string, message: unknown, opts: PostOptions = {}): Promise<HttpResult> {
    const encrypted = this.encrypt(JSON.stringify(message), { random: opts.random });
    return this.send(baseUrl, path, encrypted, 'application/json', this.jsonEnvelope(encrypted), opts);
  }

  /** Checks and opens our bot's encrypted passive reply (§3); throws on any deviation. */
  openReply(body: string): OpenedReply {
    if (body.trim() === '') throw new Error('openReply: empty body (no passive reply was sent)');
    const encrypted = requireField(body, 'Encrypt', 'reply envelope');
    const xml = this.openSigned(encrypted, {
      signature: requireField(body, 'MsgSignature', 'reply envelope'),
      timestamp: requireField(body, 'TimeStamp', 'reply envelope'),
      nonce: requireField(body, 'Nonce', 'reply envelope'),
    });
    const msgType = requireField(xml, 'MsgType', 'reply');
    return {
      toUser: requireField(xml, 'ToUserName', 'reply'),
      fromUser: requireField(xml, 'FromUserName', 'reply'),
      msgType,
      content: msgType === 'text' ? requireField(xml, 'Content', 'text reply') : '',
      createTime: requireField(xml, 'CreateTime', 'reply'),
      xml,
    };
  }

  /** Checks and opens the AI bot's JSON passive reply (§7.3). */
  // `any` by default: tests poke into arbitrary reply shapes without declaring them.
  openJsonReply<T = any>(body: string): T {
    let env: Record<string, unknown>;
    try {
      env = JSON.parse(body) as Record<string, unknown>;
    } catch {
      throw new Error(`openJsonReply: body is not JSON: ${JSON.stringify(body.slice(0, 200))}`);
    }
    const str = (name: string): string => {
      const v = env[name];
      // The official sample writes timestamp as a string, the docs show a number: accept both.
      if (typeof v === 'string' || typeof v === 'number') return String(v);
      throw new Error(`openJsonReply: envelope lacks "${name}"`);
    };
    const message = this.openSigned(str('encrypt'), {
      signature: str('msgsignature'),
      timestamp: str('timestamp'),
      nonce: str('nonce'),
    });
    try {
      return JSON.parse(message) as T;
    } catch {
      throw new Error(`openJsonReply: decrypted reply is not JSON: ${JSON.stringify(message.slice(0, 200))}`);
    }
  }

  private openSigned(encrypted: string, s: { signature: string; timestamp: string; nonce: string }): string {
    const expected = this.signature(s.timestamp, s.nonce, encrypted);
    if (!sameText(expected, s.signature)) {
      throw new Error(`reply signature mismatch: got ${s.signature}, expected ${expected}`);
    }
    const { message, receiveId } = this.decrypt(encrypted);
    if (receiveId !== this.receiveId) {
      throw new Error(`reply receiveId is ${JSON.stringify(receiveId)}, expected ${JSON.stringify(this.receiveId)}`);
    }
    return message;
  }

  private signedParams(encrypted: string, opts: QueryOptions): URLSearchParams {
    const timestamp = opts.timestamp ?? String(this.now());
    const nonce = opts.nonce ?? randomBytes(8).toString('hex');
    const signature = opts.signature ?? this.signature(timestamp, nonce, encrypted);
    return new URLSearchParams({ msg_signature: signature, timestamp, nonce });
  }

  private messageXml(
    p: { from: string; createTime?: number; agentId?: string; toUser?: string },
    msgType: string,
    fields: string[],
  ): string {
    return (
      '<xml>' +
      cdata('ToUserName', p.toUser ?? this.receiveId) +
      cdata('FromUserName', p.from) +
      plain('CreateTime', String(p.createTime ?? this.now())) +
      cdata('MsgType', msgType) +
      fields.join('') +
      plain('AgentID', p.agentId ?? DEFAULT_AGENT_ID) +
      '</xml>'
    );
  }

  private async send(
    baseUrl: string,
    path: string,
    encrypted: string,
    contentType: string,
    body: string,
    opts: QueryOptions,
  ): Promise<HttpResult> {
    const url = `${baseUrl.replace(/\/+$/, '')}${path}${path.includes('?') ? '&' : '?'}${this.callbackQuery(encrypted, opts)}`;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: res.status, body: await res.text() };
  }
}

function pad32(buf: Buffer): Buffer {
  const n = BLOCK - (buf.length % BLOCK); // 1..32: an aligned input still gets a full block
  return Buffer.concat([buf, Buffer.alloc(n, n)]);
}

function unpad32(buf: Buffer): Buffer {
  const n = buf[buf.length - 1]!;
  if (n < 1 || n > BLOCK || n > buf.length) throw new Error(`decrypt: bad padding byte ${n}`);
  for (let i = buf.length - n; i < buf.length; i++) {
    if (buf[i] !== n) throw new Error('decrypt: inconsistent PKCS#7 padding');
  }
  return buf.subarray(0, buf.length - n);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** CDATA cannot contain "]]>", so split it across two sections as XML requires. */
function cdata(tag: string, value: string): string {
  return `<${tag}><![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]></${tag}>`;
}

function plain(tag: string, value: string): string {
  return `<${tag}>${value}</${tag}>`;
}

/** Text of the first <tag>, joining split CDATA sections and decoding entities outside them. */
function field(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  if (!m) return undefined;
  return m[1]!
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith('<![CDATA[') ? part.slice(9, -3) : decodeEntities(part)))
    .join('');
}

function requireField(xml: string, tag: string, what: string): string {
  const v = field(xml, tag);
  if (v === undefined) throw new Error(`${what} has no <${tag}>: ${xml.slice(0, 300)}`);
  return v;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
