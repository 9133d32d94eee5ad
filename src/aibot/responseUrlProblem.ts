/** WeCom's path for answering an AI bot message (§7.4), below WECOM_API_BASE. */
export const RESPONSE_PATH = '/cgi-bin/aibot/response';

/**
 * Why a response_url may not be posted to, or undefined when it may. A signed message chooses the
 * URL, so without these checks any sender could make the bot POST to any path of the API host
 * (e.g. a robot webhook with its key), or carry credentials in the URL.
 */
export function responseUrlProblem(url: string, apiBase: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'response_url is not a URL';
  }
  const base = new URL(apiBase);
  if (parsed.origin !== base.origin) return 'response_url is not on WECOM_API_BASE';
  if (parsed.username || parsed.password) return 'response_url carries userinfo';
  if (parsed.pathname !== `${base.pathname.replace(/\/$/, '')}${RESPONSE_PATH}`)
    return 'response_url is not the AI bot response path';
  return undefined;
}
