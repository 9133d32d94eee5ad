/**
 * A stand-in for https://qyapi.weixin.qq.com (docs/wecom-protocol.md §4–§7) on 127.0.0.1, with
 * fault injection so tests can exercise token refresh, retries and timeouts deterministically.
 *
 * Choices of this fake where WeCom's behaviour is undocumented:
 * - a second POST to aibot/response with the same response_code → {errcode: 95000, errmsg: 'response_code used'};
 * - webhook/send without `key` → {errcode: 93000}; any non-empty key is accepted;
 * - a missing access_token → 41001, an unknown or revoked one → 40014;
 * - an image send whose media_id this fake never issued for an image → 40007;
 * - a robot image whose md5 is not that of its Base64 bytes → 40008, one over 2 MB → 40009.
 * - message/send of a template_card answers a fresh response_code `RC<n>`; update_template_card with
 *   a code not issued or already used → {errcode: 95000}. `issueClickCode()` makes a code as a click would.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { errcode: number; errmsg?: string }
  | { http: number }
  | { hang: true }
  | { reset: true }
  | { delayMs: number }
  | { expireToken: true };

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON for JSON requests, the raw bytes otherwise; `any` so tests can assert on fields directly. */
  body: any;
  at: number;
  fault?: Fault;
}

export interface FakeWeComApi {
  url: string;
  corpId: string;
  secret: string;
  calls: RecordedCall[];
  callsTo(path: string): RecordedCall[];
  addMedia(mediaId: string, bytes: Buffer, contentType?: string): void;
  /** What media/upload received, by the media_id it answered. */
  uploads: Map<string, { type: string; filename: string; bytes: Buffer }>;
  /** Queues faults for `path` (a pathname); each matching request consumes the next one. */
  inject(path: string, faults: Fault[]): void;
  revokeTokens(): void;
  /** A response_code as WeCom puts in a card click: valid for one update_template_card. */
  issueClickCode(): string;
  /**
   * Who is signed in to WeCom in the browser that next opens the OAuth2 authorize page: a userid,
   * `{ openid }` for someone outside the corp, or undefined (the page then answers 403).
   */
  signIn(who: string | { openid: string } | undefined): void;
  /** The contacts the app may read (department/simplelist, department/get, user/simplelist). */
  setContacts(contacts: FakeContacts): void;
  close(): Promise<void>;
}

/** A corp's departments and members as the app's visible range shows them. */
export interface FakeContacts {
  departments: { id: number; name: string; parentid?: number }[];
  users: { userid: string; name: string; department: number[] }[];
}

interface Ctx {
  query: Record<string, string>;
  raw: Buffer;
  headers: IncomingMessage['headers'];
  res: ServerResponse;
}

type Handler = (ctx: Ctx) => void | Promise<void>;

export async function startFakeWeComApi(opts: { corpId?: string; secret?: string } = {}): Promise<FakeWeComApi> {
  const corpId = opts.corpId ?? 'wwfakecorp000001';
  const secret = opts.secret ?? 'fake-secret';
  const calls: RecordedCall[] = [];
  const faults = new Map<string, Fault[]>();
  const media = new Map<string, { bytes: Buffer; contentType: string }>();
  const liveTokens = new Set<string>();
  const usedResponseCodes = new Set<string>();
  const cardCodes = new Set<string>();
  const issueCode = (): string => {
    const code = `RC${++seq.code}`;
    cardCodes.add(code);
    return code;
  };
  const timers = new Set<NodeJS.Timeout>();
  const seq = { token: 0, msg: 0, upload: 0, chat: 0, code: 0 };
  let visitor: string | { openid: string } | undefined;
  const codes = new Map<string, string | { openid: string }>();
  const uploads = new Map<string, { type: string; filename: string; bytes: Buffer }>();
  /** Image sends must name an image this fake took; every other message type passes. */
  const imageKnown = (raw: Buffer): boolean => {
    const body = looseJson(raw) as { msgtype?: string; image?: { media_id?: string } };
    return body.msgtype !== 'image' || uploads.get(body.image?.media_id ?? '')?.type === 'image';
  };
  let contacts: FakeContacts = { departments: [], users: [] };

  /** Wraps handlers that need a valid access_token, as every /cgi-bin call but gettoken does. */
  const authed =
    (handler: Handler): Handler =>
    (ctx) => {
      const token = ctx.query.access_token;
      if (!token) return sendJson(ctx.res, { errcode: 41001, errmsg: 'access_token missing' });
      if (!liveTokens.has(token)) return sendJson(ctx.res, { errcode: 40014, errmsg: 'invalid access_token' });
      return handler(ctx);
    };

  const aibotResponse: Handler = ({ query, res }) => {
    const code = query.response_code ?? '';
    if (usedResponseCodes.has(code)) return sendJson(res, { errcode: 95000, errmsg: 'response_code used' });
    usedResponseCodes.add(code);
    sendJson(res, ok());
  };

  const routes: Record<string, Handler> = {
    'GET /cgi-bin/gettoken': ({ query, res }) => {
      if (query.corpid !== corpId || query.corpsecret !== secret) {
        return sendJson(res, { errcode: 40001, errmsg: 'invalid credential' });
      }
      const token = `TOKEN-${++seq.token}`;
      liveTokens.add(token);
      sendJson(res, { ...ok(), access_token: token, expires_in: 7200 });
    },
    'POST /cgi-bin/message/send': authed(({ raw, res }) => {
      if (!imageKnown(raw)) return sendJson(res, { errcode: 40007, errmsg: 'invalid media_id' });
      const card = looseJson(raw).msgtype === 'template_card';
      const code = card ? { response_code: issueCode() } : {};
      sendJson(res, { ...ok(), invaliduser: '', msgid: `MSG${++seq.msg}`, ...code });
    }),
    'POST /cgi-bin/message/update_template_card': authed(({ raw, res }) => {
      const code = String(looseJson(raw).response_code ?? '');
      if (!cardCodes.has(code)) return sendJson(res, { errcode: 95000, errmsg: 'invalid response_code' });
      cardCodes.delete(code);
      sendJson(res, ok());
    }),
    'POST /cgi-bin/appchat/create': authed(({ raw, res }) => {
      const requested = looseJson(raw).chatid;
      sendJson(res, { ...ok(), chatid: typeof requested === 'string' && requested ? requested : `CHAT${++seq.chat}` });
    }),
    'POST /cgi-bin/appchat/send': authed(({ raw, res }) =>
      sendJson(res, imageKnown(raw) ? ok() : { errcode: 40007, errmsg: 'invalid media_id' }),
    ),
    'POST /cgi-bin/webhook/send': ({ query, raw, res }) => {
      if (!query.key) return sendJson(res, { errcode: 93000, errmsg: 'invalid webhook url' });
      const body = looseJson(raw) as { msgtype?: string; image?: { base64?: string; md5?: string } };
      if (body.msgtype === 'image') {
        const bytes = Buffer.from(body.image?.base64 ?? '', 'base64');
        if (createHash('md5').update(bytes).digest('hex') !== body.image?.md5)
          return sendJson(res, { errcode: 40008, errmsg: 'image md5 mismatch' });
        if (bytes.length > 2 * 1024 * 1024) return sendJson(res, { errcode: 40009, errmsg: 'invalid image size' });
      }
      sendJson(res, ok());
    },
    'GET /cgi-bin/media/get': authed(({ query, res }) => {
      const id = query.media_id ?? '';
      const item = media.get(id);
      if (!item) return sendJson(res, { errcode: 40007, errmsg: 'invalid media_id' });
      res.writeHead(200, {
        'Content-Type': item.contentType,
        'Content-disposition': `attachment; filename="${id}.${item.contentType.split('/')[1] ?? 'bin'}"`,
        'Content-Length': item.bytes.length,
      });
      res.end(item.bytes);
    }),
    'POST /cgi-bin/media/upload': authed(async ({ query, raw, headers, res }) => {
      const form = await new Response(new Uint8Array(raw), {
        headers: { 'content-type': headers['content-type'] ?? '' },
      })
        .formData()
        .catch(() => undefined);
      const media = form?.get('media');
      if (!(media instanceof Blob) || media.size <= 5)
        return sendJson(res, { errcode: 40005, errmsg: 'invalid file type' });
      const mediaId = `UP${++seq.upload}`;
      const filename = media instanceof File ? media.name : '';
      uploads.set(mediaId, { type: query.type ?? '', filename, bytes: Buffer.from(await media.arrayBuffer()) });
      sendJson(res, {
        ...ok(),
        type: query.type ?? '',
        media_id: mediaId,
        created_at: String(Math.floor(Date.now() / 1000)),
      });
    }),
    // WeCom's authorize page (open.weixin.qq.com) sends the browser back with a one-time code and the state.
    'GET /connect/oauth2/authorize': ({ query, res }) => {
      if (query.appid !== corpId || query.scope !== 'snsapi_base' || query.response_type !== 'code' || !visitor) {
        res.writeHead(403, { 'Content-Type': 'text/plain' });
        return void res.end('fake oauth: refused');
      }
      const code = `CODE${++seq.code}`;
      codes.set(code, visitor);
      const back = new URL(query.redirect_uri ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', query.state ?? '');
      res.writeHead(302, { Location: back.toString() });
      res.end();
    },
    // A code is used once and then answers 40029, as WeCom documents.
    'GET /cgi-bin/auth/getuserinfo': authed(({ query, res }) => {
      const who = codes.get(query.code ?? '');
      codes.delete(query.code ?? '');
      if (!who) return sendJson(res, { errcode: 40029, errmsg: 'invalid code' });
      sendJson(res, typeof who === 'string' ? { ...ok(), userid: who } : { ...ok(), openid: who.openid });
    }),
    // Contact reads, as documented for a self-built app: ids and names within its visible range.
    'GET /cgi-bin/department/simplelist': authed(({ res }) => {
      const department_id = contacts.departments.map((d) => ({ id: d.id, parentid: d.parentid ?? 1, order: 0 }));
      sendJson(res, { ...ok(), department_id });
    }),
    'GET /cgi-bin/department/get': authed(({ query, res }) => {
      const found = contacts.departments.find((d) => String(d.id) === query.id);
      if (!found) return sendJson(res, { errcode: 60123, errmsg: 'invalid party id' });
      sendJson(res, { ...ok(), department: { id: found.id, name: found.name, parentid: found.parentid ?? 1 } });
    }),
    'GET /cgi-bin/user/simplelist': authed(({ query, res }) => {
      const id = Number(query.department_id);
      if (!contacts.departments.some((d) => d.id === id))
        return sendJson(res, { errcode: 60011, errmsg: 'no privilege to access/modify contact/party/agent' });
      const userlist = contacts.users
        .filter((u) => u.department.includes(id))
        .map((u) => ({ userid: u.userid, name: u.name, department: u.department }));
      sendJson(res, { ...ok(), userlist });
    }),
    // The documented response_url lives under /cgi-bin; the shorter form is accepted too.
    'POST /cgi-bin/aibot/response': aibotResponse,
    'POST /aibot/response': aibotResponse,
  };

  /** Answers per the fault; only a delay continues to normal handling, via `proceed`. */
  const applyFault = (fault: Fault, req: IncomingMessage, ctx: Ctx, proceed: () => void): void => {
    if ('errcode' in fault) {
      sendJson(ctx.res, { errcode: fault.errcode, errmsg: fault.errmsg ?? 'injected' });
      return;
    }
    if ('http' in fault) {
      ctx.res.writeHead(fault.http, { 'Content-Type': 'text/plain' });
      return void ctx.res.end(`injected HTTP ${fault.http}`);
    }
    if ('hang' in fault) return; // close() destroys the socket
    if ('reset' in fault) return void req.socket.destroy();
    if ('delayMs' in fault) {
      const t = setTimeout(() => {
        timers.delete(t);
        proceed();
      }, fault.delayMs);
      return void timers.add(t);
    }
    if (ctx.query.access_token) liveTokens.delete(ctx.query.access_token);
    sendJson(ctx.res, { errcode: 42001, errmsg: 'access_token expired' });
  };

  const server = createServer(async (req, res) => {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch {
      return void req.socket.destroy(); // client went away mid-body; nothing to record or answer
    }
    const fault = faults.get(url.pathname)?.shift();
    calls.push({
      method: req.method ?? '',
      path: url.pathname,
      query,
      body: recordedBody(req.headers['content-type'], raw),
      at,
      ...(fault ? { fault } : {}),
    });
    const ctx: Ctx = { query, raw, headers: req.headers, res };
    const route = routes[`${req.method} ${url.pathname}`];
    const proceed = () => void (route ? route(ctx) : notFound(res));
    if (fault) applyFault(fault, req, ctx, proceed);
    else proceed();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    corpId,
    secret,
    calls,
    callsTo: (path) => calls.filter((c) => c.path === path),
    uploads,
    addMedia: (mediaId, bytes, contentType = 'image/jpeg') => void media.set(mediaId, { bytes, contentType }),
    inject: (path, list) => void faults.set(path, [...(faults.get(path) ?? []), ...list]),
    revokeTokens: () => liveTokens.clear(),
    issueClickCode: issueCode,
    signIn: (who) => void (visitor = who),
    setContacts: (c) => void (contacts = c),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Hanging requests and keep-alive sockets would otherwise hold server.close() open forever.
      server.closeAllConnections();
      await closed;
    },
  };
}

function ok(): { errcode: 0; errmsg: 'ok' } {
  return { errcode: 0, errmsg: 'ok' };
}

function sendJson(res: ServerResponse, payload: object): void {
  const body = JSON.stringify(payload);
  res.writeHead(200, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function recordedBody(contentType: string | undefined, raw: Buffer): unknown {
  if (!/json/i.test(contentType ?? '')) return raw;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return raw; // malformed JSON is kept verbatim so the test can see what was sent
  }
}

/** Route logic reads JSON fields whatever content-type the client declared, like WeCom does. */
function looseJson(raw: Buffer): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw.toString('utf8'));
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
