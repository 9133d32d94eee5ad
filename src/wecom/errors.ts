/** WeCom answered, with an errcode other than 0. The message names the API, never the token or secret. */
export class WeComApiError extends Error {
  constructor(readonly api: string, readonly errcode: number, readonly errmsg: string) {
    super(`WeCom ${api} errcode ${errcode}: ${errmsg}`);
  }
}

/** WeCom did not answer usefully: network failure, timeout or an HTTP error status. */
export class WeComNetworkError extends Error {
  constructor(readonly api: string, detail: string, readonly httpStatus?: number) {
    super(`WeCom ${api} unreachable: ${detail}`);
  }
}
