import Koa from 'koa';
import Router from 'koa-router';
import type { LedgerStore } from './ledger/LedgerStore.js';

export interface Route {
  path: string;
  verifyUrl(ctx: Koa.Context): Promise<void>;
  receive(ctx: Koa.Context): Promise<void>;
}

export const VERSION = '0.1.0';

/** The HTTP surface: callback routes and /healthz. Everything else is a 404 from koa. */
export function createServer(store: LedgerStore, routes: readonly Route[]): Koa {
  const app = new Koa({ proxy: true });
  const router = new Router();
  for (const route of routes) {
    router.get(route.path, (ctx) => route.verifyUrl(ctx));
    router.post(route.path, (ctx) => route.receive(ctx));
  }
  router.get('/healthz', (ctx) => {
    const fault = store.storageFault;
    // 503 so a monitor that only reads the status code still sees that confirmed writes are failing.
    if (fault) ctx.status = 503;
    ctx.body = {
      status: fault ? 'storage-fault' : 'ok',
      items: store.itemCount,
      version: VERSION,
      ...(fault && { storage: { ...fault, since: new Date(fault.since).toISOString() } }),
    };
  });
  app.use(router.routes());
  app.use(router.allowedMethods());
  // koa logs every error to stderr by default; ours are already logged where they happen.
  app.silent = true;
  return app;
}
