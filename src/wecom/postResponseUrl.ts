import { WeComApiError, WeComNetworkError } from './errors.js';

const API = 'aibot/response';

/**
 * One POST to an AI bot message's response_url (§7.4). No retry here: the URL is single-use, so a
 * retry is the outbox's decision, made after this attempt's outcome is on disk. Errors never quote
 * the URL, whose response_code lets anyone post into the chat for an hour.
 */
export async function postResponseUrl(url: string, body: object, timeoutMs = 10_000): Promise<void> {
  let res: Response;
  try {
    // A redirect could lead off the WeCom origin the URL was checked against.
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    throw new WeComNetworkError(
      API,
      e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (e.cause?.code ?? e.name),
    );
  }
  if (!res.ok) throw new WeComNetworkError(API, `HTTP ${res.status}`, res.status);
  const answer = (await res.json().catch(() => undefined)) as { errcode?: unknown; errmsg?: unknown } | undefined;
  if (answer === undefined) throw new WeComNetworkError(API, 'unreadable answer');
  const errcode = Number(answer.errcode ?? 0);
  if (errcode !== 0) throw new WeComApiError(API, errcode, String(answer.errmsg ?? ''));
}
