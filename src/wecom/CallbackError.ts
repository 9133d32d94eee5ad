/** A callback we refuse. Like koa's HttpError: a status, and a message safe to show (it never holds secrets). */
export class CallbackError extends Error {
  readonly expose = true;
  constructor(
    readonly status: 400 | 401 | 403 | 408 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}
