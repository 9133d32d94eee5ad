import type { Context } from 'koa';
import type { Logger } from '../log.js';
import { CallbackError } from './CallbackError.js';

/** Bad input is a 4xx with a short reason; nothing from a callback becomes a 500. */
export function guarded(handler: (ctx: Context) => Promise<void>, log: Logger) {
  return async (ctx: Context): Promise<void> => {
    // Read before the body: a refused oversized body destroys the request, and koa's ctx.ip then throws.
    const ip = ctx.ip;
    try {
      await handler(ctx);
    } catch (err) {
      if (err instanceof CallbackError) {
        log.warn({ status: err.status, reason: err.message, ip }, 'callback refused');
        ctx.status = err.status;
        ctx.body = err.message;
        return;
      }
      log.error({ err }, 'callback failed');
      ctx.status = 400;
      ctx.body = 'request could not be processed';
    }
  };
}
