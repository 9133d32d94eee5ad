/// <reference lib="dom" />
/**
 * The ledger page on a 500-item ledger (or `ledgers` of them side by side, the page then showing ledger B): server time per page (sequential requests on loopback, so
 * the figure includes the HTTP round trip and is an upper bound) and what a phone downloads on its
 * first visit (headless Chromium at 390×844, every response's headers and body as transferred).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { startBot } from '../src/startBot.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { generateLedger } from './generateLedger.js';
import { summarize } from './stats.js';

export interface PageFigures {
  ledgers: number;
  items: number;
  events: number;
  server: Record<string, { p50: number; p99: number; max: number }>;
  firstLoad: Record<string, { bytes: number; requests: number }>;
}

export async function pageBench(o: {
  ledgers: number;
  items: number;
  events: number;
  requests: number;
}): Promise<PageFigures> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rectify-page-bench-'));
  await generateLedger(dataDir, { ledgers: o.ledgers, items: o.items, events: o.events, now: Date.now() });
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' });
  const bot = await startBot(config, { log: createLogger('silent') });
  try {
    const cookie = await demoSignIn(bot.url, 'officer01');
    const pages: Record<string, string> =
      o.ledgers > 1
        ? { ledgers: '/app/', overview: '/app/?l=B', list: '/app/list?l=B', item: '/app/item/B250', mine: '/app/mine' }
        : { overview: '/app/', list: '/app/list', item: '/app/item/250', mine: '/app/mine' };
    const server: PageFigures['server'] = {};
    // The one chart draw per version.
    await fetch(`${bot.url}/app/chart.png${o.ledgers > 1 ? '?l=B' : ''}`, { headers: { cookie } });
    for (const [name, url] of Object.entries(pages)) {
      const samples: number[] = [];
      for (let i = 0; i < o.requests + 20; i++) {
        const start = performance.now();
        const res = await fetch(bot.url + url, { headers: { cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
        if (i >= 20) samples.push(performance.now() - start);
      }
      server[name] = summarize(samples.sort((a, b) => a - b));
    }
    const firstLoad: PageFigures['firstLoad'] = {};
    for (const [name, url] of Object.entries(pages)) firstLoad[name] = await phoneFirstLoad(bot.url, url, cookie);
    return { ledgers: o.ledgers, items: o.items, events: o.events, server, firstLoad };
  } finally {
    await bot.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function demoSignIn(base: string, user: string): Promise<string> {
  const form = await fetch(`${base}/app/demo-login`);
  const state = /name="state" value="([0-9a-f]+)"/.exec(await form.text())![1]!;
  const stateCookie = form.headers.get('set-cookie')!.split(';')[0]!;
  const res = await fetch(`${base}/app/demo-login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: stateCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ state, user }).toString(),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('rb_session='));
  if (!session) throw new Error('demo sign-in failed');
  return session.split(';')[0]!;
}

/** A fresh browser profile, so nothing comes from its cache. */
async function phoneFirstLoad(base: string, url: string, cookie: string): Promise<{ bytes: number; requests: number }> {
  const b = await launchBrowser();
  try {
    const [name, value] = cookie.split('=') as [string, string];
    await b.context.addCookies([{ name, value, domain: '127.0.0.1', path: '/app/' }]);
    const page = b.context.pages()[0] ?? (await b.context.newPage());
    const sizes: Promise<number>[] = [];
    page.on('requestfinished', (req) =>
      sizes.push(req.sizes().then((s) => s.responseHeadersSize + s.responseBodySize)),
    );
    await page.goto(base + url, { waitUntil: 'load' });
    // The chart sits below the fold and loads at once; wait for every image, as a reader scrolling would.
    await page.evaluate(() => Promise.all([...document.images].map((img) => img.decode().catch(() => undefined))));
    await page.waitForLoadState('networkidle');
    const all = await Promise.all(sizes);
    return { bytes: all.reduce((a, x) => a + x, 0), requests: all.length };
  } finally {
    await b.close();
  }
}
