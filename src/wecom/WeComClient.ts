import type { Logger } from '../log.js';
import { isTransient, TOKEN_ERRORS, WeComApiError, WeComNetworkError } from './errors.js';
import { sendFileMessage } from './sendFileMessage.js';
import { MediaTooLargeError } from './MediaTooLargeError.js';
import { streamToFile } from './streamToFile.js';
import type { WeComApi } from './WeComApi.js';

export interface WeComClientOptions {
  apiBase: string;
  corpId: string;
  /** AgentId of the app the client sends files as; a client that never sends files may leave it out. */
  agentId?: string;
  secret: string;
  log: Logger;
  /** Per request. */
  timeoutMs?: number;
  /** Injected so tests run the backoff without waiting it out. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Errors only an operator can fix; retrying would only hide them. */
const OPERATOR_HINTS: Record<number, string> = {
  40001: '应用 Secret 无效或应用已停用：检查 WECOM_SECRET 与 WECOM_CORP_ID',
  60020: '服务器出口 IP 不在应用的企业可信 IP 中：到管理后台添加',
  81013: '接收人都无效或不在应用可见范围：检查 userid 与应用可见范围',
};
const MAX_TRIES = 3;
const REFRESH_MARGIN_MS = 5 * 60_000;

type Json = Record<string, unknown>;

/**
 * The active API: a cached token (one refresh in flight however many senders wait), a timeout on
 * every request, one retry after a token error and backoff for transient ones. 45009 (rate limit)
 * is not retried here: seconds of backoff would only prolong the block, so it surfaces at once and
 * the outbox pauses for minutes.
 */
export class WeComClient implements WeComApi {
  private token?: { value: string; expiresAt: number };
  private refreshing?: Promise<string>;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: WeComClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? Date.now;
  }

  post(api: string, body: object): Promise<Json> {
    return this.withToken(api, (token) =>
      this.json(api, `/cgi-bin/${api}?access_token=${encodeURIComponent(token)}`, body),
    );
  }

  /** GET /cgi-bin/<api>?access_token=…&<query>: the contact reads (user/simplelist, department/get…). */
  get(api: string, query: Record<string, string>): Promise<Json> {
    return this.withToken(api, async (token) => {
      const params = new URLSearchParams({ access_token: token, ...query });
      return this.parse(api, await this.fetch(api, `/cgi-bin/${api}?${params}`, { method: 'GET' }));
    });
  }

  robot(key: string, body: object): Promise<Json> {
    return this.withRetry('webhook/send', () =>
      this.json('webhook/send', `/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`, body),
    );
  }

  downloadMedia(mediaId: string, file: string, maxBytes: number): Promise<{ bytes: number; contentType: string }> {
    return this.withToken('media/get', async (token) => {
      const path = `/cgi-bin/media/get?access_token=${encodeURIComponent(token)}&media_id=${encodeURIComponent(mediaId)}`;
      const res = await this.fetch('media/get', path, { method: 'GET' });
      const contentType = res.headers.get('content-type') ?? 'application/octet-stream';
      // Failures come back as a JSON body with status 200, so the type decides, not the status.
      if (/json|text\/plain/.test(contentType)) checkErrcode('media/get', (await res.json()) as Json);
      const declared = Number(res.headers.get('content-length') ?? Number.NaN);
      if (declared > maxBytes) {
        await res.body?.cancel();
        throw new MediaTooLargeError(maxBytes);
      }
      try {
        return { bytes: await streamToFile(res.body ?? [], file, maxBytes), contentType };
      } catch (err) {
        // A connection lost mid-body is as transient as one lost before it; the disk and the cap are not.
        if (err instanceof MediaTooLargeError || (err as NodeJS.ErrnoException).code) throw err;
        throw this.networkError('media/get', err);
      }
    });
  }

  userIdFromCode(code: string): Promise<string | undefined> {
    return this.withToken('auth/getuserinfo', async (token) => {
      const path = `/cgi-bin/auth/getuserinfo?access_token=${encodeURIComponent(token)}&code=${encodeURIComponent(code)}`;
      const answer = await this.parse(
        'auth/getuserinfo',
        await this.fetch('auth/getuserinfo', path, { method: 'GET' }),
      );
      return typeof answer.userid === 'string' && answer.userid ? answer.userid : undefined;
    });
  }

  sendFile(userId: string, filename: string, bytes: Buffer): Promise<void> {
    return sendFileMessage(this, this.options.agentId ?? '', userId, filename, bytes);
  }

  uploadMedia(type: 'file' | 'image', filename: string, bytes: Buffer): Promise<string> {
    return this.withToken('media/upload', async (token) => {
      const form = new FormData();
      form.append('media', new Blob([new Uint8Array(bytes)]), filename);
      const path = `/cgi-bin/media/upload?access_token=${encodeURIComponent(token)}&type=${type}`;
      const answer = await this.parse(
        'media/upload',
        await this.fetch('media/upload', path, { method: 'POST', body: form }),
      );
      return String(answer.media_id);
    });
  }

  private async withToken<T>(api: string, call: (token: string) => Promise<T>): Promise<T> {
    return this.withRetry(api, async () => {
      const used = await this.accessToken();
      try {
        return await call(used);
      } catch (err) {
        if (!(err instanceof WeComApiError && TOKEN_ERRORS.has(err.errcode))) throw err;
        this.dropToken(used);
        return call(await this.accessToken());
      }
    });
  }

  private async withRetry<T>(api: string, attempt: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (err) {
        if (!isTransient(err) || tries >= MAX_TRIES) {
          this.explain(api, err);
          throw err;
        }
        await this.sleep(500 * 2 ** (tries - 1));
      }
    }
  }

  private accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt - REFRESH_MARGIN_MS > this.now()) return Promise.resolve(this.token.value);
    this.refreshing ??= this.fetchToken().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Only the token that failed: a sender that waited may otherwise throw away one fetched meanwhile. */
  private dropToken(value: string): void {
    if (this.token?.value === value) this.token = undefined;
  }

  private async fetchToken(): Promise<string> {
    const path = `/cgi-bin/gettoken?corpid=${encodeURIComponent(this.options.corpId)}&corpsecret=${encodeURIComponent(this.options.secret)}`;
    const answer = await this.parse('gettoken', await this.fetch('gettoken', path, { method: 'GET' }));
    const value = String(answer.access_token ?? '');
    const ttl = Number(answer.expires_in ?? 7200);
    this.token = { value, expiresAt: this.now() + ttl * 1000 };
    return value;
  }

  private async json(api: string, path: string, body: object): Promise<Json> {
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    };
    return this.parse(api, await this.fetch(api, path, init));
  }

  private async fetch(api: string, path: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(this.options.apiBase + path, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw this.networkError(api, err);
    }
    if (!res.ok) throw new WeComNetworkError(api, `HTTP ${res.status}`, res.status);
    return res;
  }

  private async parse(api: string, res: Response): Promise<Json> {
    let answer: Json;
    try {
      answer = (await res.json()) as Json;
    } catch (err) {
      throw (err as Error).name === 'TimeoutError'
        ? this.networkError(api, err)
        : new WeComNetworkError(api, `unreadable answer: ${(err as Error).message}`);
    }
    return checkErrcode(api, answer);
  }

  /** The detail of a failed fetch can quote the URL, and with it the token or a robot key. */
  private networkError(api: string, err: unknown): WeComNetworkError {
    const cause = err as Error & { cause?: { code?: string; message?: string } };
    if (cause.name === 'TimeoutError') return new WeComNetworkError(api, `timed out after ${this.timeoutMs} ms`);
    // fetch says only "fetch failed"; the cause (ECONNREFUSED, ENOTFOUND…) is what an operator can act on.
    const reason = cause.cause?.code ?? cause.cause?.message;
    const detail = reason ? `${cause.message} (${reason})` : cause.message;
    return new WeComNetworkError(api, detail.replace(/(access_token|corpsecret|key)=[^&\s]*/g, '$1=[redacted]'));
  }

  private explain(api: string, err: unknown): void {
    const hint = err instanceof WeComApiError ? OPERATOR_HINTS[err.errcode] : undefined;
    if (hint)
      this.options.log.error({ api, errcode: (err as WeComApiError).errcode }, `企业微信接口需要管理员处理：${hint}`);
  }
}

function checkErrcode(api: string, answer: Json): Json {
  const errcode = Number(answer.errcode ?? 0);
  if (errcode !== 0) throw new WeComApiError(api, errcode, String(answer.errmsg ?? ''));
  return answer;
}
