import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startFakeWeComApi } from '../test/helpers/fakeWeComApi.js';
import { seededRandom } from '../test/helpers/seededRandom.js';
import { generateLedger, type GeneratedLedger } from './generateLedger.js';
import { BENCH, botEnv } from './identity.js';
import { digestTimes, oneByOne, type ScaleResult, startTimes } from './scale.js';
import { median, summarize } from './stats.js';

export interface LedgersOptions {
  ledgers: number;
  items: number;
  events: number;
  queries: number;
  starts: number;
}

export interface LedgersResult {
  generated: GeneratedLedger;
  query: { p50: number; p99: number };
  digest: ScaleResult['digest'];
  startup: { median: number; max: number };
  rss: number;
  peakRss: number;
}

/**
 * Several ledgers side by side (issue 13): `进度 <code><no>` one at a time against the built bot, its
 * start-up and memory, and the digest with one section per ledger.
 */
export async function ledgersBench(o: LedgersOptions): Promise<LedgersResult> {
  const api = await startFakeWeComApi({ corpId: BENCH.corpId, secret: BENCH.secret });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rectify-ledgers-'));
  try {
    const generated = await generateLedger(dataDir, { ...o, now: Date.now() });
    const { bot, startups } = await startTimes(botEnv(dataDir, api.url), o.starts);
    let query: number[];
    let memory: { rss: number; peak: number };
    try {
      const random = seededRandom(20);
      const ref = () =>
        `${'ABCDEFGHJKLMNPQRSTUVWXYZ'[Math.floor(random() * o.ledgers)]}${1 + Math.floor(random() * o.items)}`;
      const messages = Array.from({ length: o.queries }, () => ({
        kind: 'query' as const,
        from: BENCH.member,
        content: `进度 ${ref()}`,
      }));
      query = await oneByOne(bot, messages, '【台账');
      memory = bot.memory();
    } finally {
      await bot.stop();
    }
    return {
      generated,
      query: summarize(query),
      digest: await digestTimes(dataDir),
      startup: { median: median(startups), max: Math.max(...startups) },
      rss: memory.rss,
      peakRss: memory.peak,
    };
  } finally {
    await api.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
