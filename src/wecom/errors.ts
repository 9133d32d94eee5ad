/** WeCom answered, with an errcode other than 0. The message names the API, never the token or secret. */
export class WeComApiError extends Error {
  constructor(
    readonly api: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeCom ${api} errcode ${errcode}: ${errmsg}`);
  }
}

/** WeCom did not answer usefully: network failure, timeout or an HTTP error status. */
export class WeComNetworkError extends Error {
  constructor(
    readonly api: string,
    detail: string,
    readonly httpStatus?: number,
  ) {
    super(`WeCom ${api} unreachable: ${detail}`);
  }
}

/** The token went stale or was revoked early: fetch a new one and try once more. */
export const TOKEN_ERRORS: ReadonlySet<number> = new Set([40014, 42001]);
/** 45009: call frequency over the limit. Retrying within seconds only prolongs the block. */
export const RATE_LIMITED = 45009;
/** System busy (-1) and too many concurrent calls (45033) pass within seconds. */
const BUSY_ERRORS: ReadonlySet<number> = new Set([-1, 45033]);

/** Worth another try within seconds: busy, a 5xx, a timeout or a broken connection. */
export function isTransient(err: unknown): boolean {
  if (err instanceof WeComApiError) return BUSY_ERRORS.has(err.errcode);
  if (err instanceof WeComNetworkError) return err.httpStatus === undefined || err.httpStatus >= 500;
  return false;
}

export function isRateLimited(err: unknown): boolean {
  return err instanceof WeComApiError && err.errcode === RATE_LIMITED;
}

/** An answer no retry will change (bad secret, untrusted IP, invalid recipient…): a person must act. */
export function isPermanent(err: unknown): boolean {
  return err instanceof WeComApiError && !isTransient(err) && !isRateLimited(err) && !TOKEN_ERRORS.has(err.errcode);
}

/** WeCom refuses this recipient, not the app: unknown userid (60111), outside the app's visibility (81013, 82001). */
const RECIPIENT_ERRORS: ReadonlySet<number> = new Set([60111, 81013, 82001]);

export function isRecipientRefused(err: unknown): boolean {
  return err instanceof WeComApiError && RECIPIENT_ERRORS.has(err.errcode);
}
