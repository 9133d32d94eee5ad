import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openLedger } from '../src/storage/openLedger.js';
import { FESTIVALS } from '../src/schedule/festivals.js';
import { digestSections } from '../src/schedule/digestSections.js';
import { weeklyDigest } from '../src/schedule/weeklyDigest.js';
import { startChild, type ChildServer } from '../test/helpers/childBot.js';
import { BUILT_BOT } from './identity.js';
import { startFakeWeComApi } from '../test/helpers/fakeWeComApi.js';
import { seededRandom } from '../test/helpers/seededRandom.js';
import { generateLedger, type GeneratedLedger } from './generateLedger.js';
import { BENCH, benchSigner, botEnv } from './identity.js';
import { signedRequests, type Message } from './signedRequests.js';
import { median, summarize } from './stats.js';

export interface ScaleOptions {
  items: number;
  events: number;
  queries: number;
  updates: number;
  starts: number;
  /** Idle seconds after the runs before resident memory is read again. */
  settleSeconds: number;
}

export interface ScaleResult {
  ledger: GeneratedLedger;
  query: { p50: number; p99: number };
  update: { p50: number; p99: number };
  digest: { median: number; max: number; lines: number };
  startup: { median: number; max: number };
  /** Resident memory right after the runs, its peak, and after `settleSeconds` idle. */
  rss: number;
  peakRss: number;
  settledRss: number;
}

/**
 * One member at a time, as people actually use the bot: each message waits for its answer, so the
 * latency is the bot's, not a queue's. Start-up is spawn → first /healthz 200 of `npm start`'s
 * command; the digest is built in this process from a read-only open of the same files.
 */
export async function scaleBench(o: ScaleOptions): Promise<ScaleResult> {
  const api = await startFakeWeComApi({ corpId: BENCH.corpId, secret: BENCH.secret });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rectify-scale-'));
  try {
    const ledger = await generateLedger(dataDir, { items: o.items, events: o.events, now: Date.now() });
    const { bot, startups } = await startTimes(botEnv(dataDir, api.url), o.starts);
    let memory: { rss: number; peak: number };
    let settledRss: number;
    let query: number[];
    let update: number[];
    try {
      const random = seededRandom(5000);
      const itemNo = () => 1 + Math.floor(random() * o.items);
      query = await oneByOne(
        bot,
        Array.from({ length: o.queries }, () => ({ kind: 'query', from: BENCH.member, content: `进度 ${itemNo()}` })),
        '【第',
      );
      update = await oneByOne(
        bot,
        Array.from({ length: o.updates }, (_, k) => ({
          kind: 'update',
          from: BENCH.admin,
          content: `进度 ${itemNo()} 规模测试更新${k + 1}`,
        })),
        '已登记第',
      );
      memory = bot.memory();
      // V8 keeps the heap the start-up parse grew until its memory reducer runs, some idle seconds later.
      await new Promise((resolve) => setTimeout(resolve, o.settleSeconds * 1000));
      settledRss = bot.memory().rss;
    } finally {
      await bot.stop();
    }
    return {
      ledger,
      query: summarize(query),
      update: summarize(update),
      digest: await digestTimes(dataDir),
      startup: { median: median(startups), max: Math.max(...startups) },
      rss: memory.rss,
      peakRss: memory.peak,
      settledRss,
    };
  } finally {
    await api.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Starts the built bot `starts` times (spawn → first /healthz 200) and keeps the last one running. */
export async function startTimes(
  env: Record<string, string>,
  starts: number,
): Promise<{ bot: ChildServer; startups: number[] }> {
  const startups: number[] = [];
  for (let i = 0; i < starts - 1; i++) {
    const child = await startChild({ entry: BUILT_BOT, env });
    startups.push(child.startupMs);
    await child.stop();
  }
  const bot = await startChild({ entry: BUILT_BOT, env });
  startups.push(bot.startupMs);
  return { bot, startups };
}

/** Sends each message after the previous answer; checks every answer opens and says what it should. */
export async function oneByOne(bot: ChildServer, messages: Message[], expected: string): Promise<number[]> {
  const signer = benchSigner();
  const latencies: number[] = [];
  for (const req of signedRequests(messages)) {
    const started = performance.now();
    const res = await fetch(`${bot.url}${req.path}`, { method: 'POST', headers: req.headers, body: req.body });
    const body = await res.text();
    latencies.push(performance.now() - started);
    const reply = res.status === 200 ? signer.openReply(body).content : body;
    if (!reply.startsWith(expected)) throw new Error(`unexpected answer (${res.status}): ${reply.slice(0, 200)}`);
  }
  return latencies;
}

/** The weekly digest as the scheduler builds it, over every active ledger and the last week of history. */
export async function digestTimes(dataDir: string): Promise<ScaleResult['digest']> {
  const { storage, ledgers } = await openLedger(dataDir, { clock: Date.now, readOnly: true });
  const settings = { timeZone: 'Asia/Shanghai', festivals: FESTIVALS };
  const times: number[] = [];
  let lines = 0;
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    lines = weeklyDigest(digestSections(ledgers), Date.now(), settings).text.split('\n').length;
    times.push(performance.now() - started);
  }
  await storage.close();
  return { median: median(times), max: Math.max(...times), lines };
}
