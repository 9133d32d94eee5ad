import { createServer as createHttpServer, type Server } from 'node:http';
import Koa from 'koa';
import Router from 'koa-router';
import type { HttpTimeouts } from './httpTimeouts.js';

export interface Route {
  path: string;
  verifyUrl(ctx: Koa.Context): Promise<void>;
  receive(ctx: Koa.Context): Promise<void>;
}

export const VERSION = '0.1.0';

/** What /healthz answers besides the version. */
export type Health = () => { status: string; items: number; storage?: object };

/** The HTTP surface: callback routes, /healthz and any extra routes (the ledger page). Everything else is a 404 from koa. */
export function createServer(health: Health, routes: readonly Route[], extra: readonly Koa.Middleware[] = []): Koa {
  const app = new Koa({ proxy: true });
  const router = new Router();
  for (const route of routes) {
    router.get(route.path, (ctx) => route.verifyUrl(ctx));
    router.post(route.path, (ctx) => route.receive(ctx));
  }
  router.get('/healthz', (ctx) => {
    const state = health();
    // 503 so a monitor that only reads the status code still sees that confirmed writes are failing.
    if (state.status !== 'ok') ctx.status = 503;
    ctx.body = { ...state, version: VERSION };
  });
  app.use(router.routes());
  for (const middleware of extra) app.use(middleware);
  app.use(router.allowedMethods());
  // koa logs every error to stderr by default; ours are already logged where they happen.
  app.silent = true;
  return app;
}

/** Starts listening; resolves once the port is bound. */
export async function listen(app: Koa, port: number, host: string, timeouts: HttpTimeouts): Promise<Server> {
  const server = createHttpServer(timeouts, app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
