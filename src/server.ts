import { createServer as createHttpServer, type Server } from 'node:http';
import Koa from 'koa';
import Router from 'koa-router';
import type { Registry } from 'prom-client';
import type { HttpTimeouts } from './httpTimeouts.js';

export interface Route {
  path: string;
  verifyUrl(ctx: Koa.Context): Promise<void>;
  receive(ctx: Koa.Context): Promise<void>;
}

export const VERSION = '0.1.0';

/** What /healthz answers besides the version. */
export type Health = () => { status: string; items: number; storage?: object };

/** /metrics: who may read it. Without either setting, only this machine, and not through a proxy. */
export interface MetricsEndpoint {
  registry: Registry;
  callback(route: string, status: number): void;
  public: boolean;
  token?: string;
}

export interface ServerParts {
  metrics?: MetricsEndpoint;
  /** Further routes, e.g. the ledger page. */
  extra?: readonly Koa.Middleware[];
}

/** The HTTP surface: callback routes, /healthz, /metrics and extra routes. Everything else is a 404 from koa. */
export function createServer(health: Health, routes: readonly Route[], parts: ServerParts = {}): Koa {
  const { metrics, extra = [] } = parts;
  const app = new Koa({ proxy: true });
  const router = new Router();
  if (metrics) {
    const paths = new Set(routes.map((r) => r.path));
    app.use(async (ctx, next) => {
      const counted = paths.has(ctx.path) && ctx.method === 'POST';
      try {
        await next();
      } catch (err) {
        if (counted) metrics.callback(ctx.path, (err as { status?: number }).status ?? 500);
        throw err;
      }
      if (counted) metrics.callback(ctx.path, ctx.status);
    });
    router.get('/metrics', async (ctx) => {
      if (!mayReadMetrics(ctx, metrics)) {
        ctx.status = 403;
        return;
      }
      ctx.type = metrics.registry.contentType;
      ctx.body = await metrics.registry.metrics();
    });
  }
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

function mayReadMetrics(ctx: Koa.Context, m: MetricsEndpoint): boolean {
  if (m.public) return true;
  if (m.token && ctx.get('authorization') === `Bearer ${m.token}`) return true;
  // The socket's address, not ctx.ip: X-Forwarded-For is the client's to write. A local reverse
  // proxy connects from loopback too, but says so in that header.
  const peer = ctx.req.socket.remoteAddress ?? '';
  return ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(peer) && !ctx.get('x-forwarded-for');
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
