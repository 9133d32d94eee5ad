import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type ChildServer, startChild } from '../test/helpers/childBot.js';
import { startFakeWeComApi } from '../test/helpers/fakeWeComApi.js';
import { seededRandom } from '../test/helpers/seededRandom.js';
import { freshDatabase } from '../test/helpers/testDatabase.js';
import { BENCH, BUILT_BOT, botEnv } from './identity.js';
import { type LoadResult, runLoad } from './load.js';
import { type Message, signedRequests } from './signedRequests.js';
import { summarize } from './stats.js';

export interface PostgresBenchOptions {
  connections: number;
  /** Measured requests per round and setup. */
  requests: number;
  rounds: number;
  warmup: number;
}

export interface SetupFigures {
  name: string;
  rps: number;
  errors: number;
  query: { p50: number; p99: number };
  update: { p50: number; p99: number };
}

interface Setup {
  name: string;
  bots: ChildServer[];
}

/**
 * Callback throughput with 10% updates: one instance on files, one on PostgreSQL, and two on one
 * PostgreSQL database with the connections split between them, as a reverse proxy would. Rounds
 * alternate between setups so whatever else the machine does falls on all alike.
 */
export async function postgresBench(o: PostgresBenchOptions): Promise<SetupFigures[]> {
  const api = await startFakeWeComApi({ corpId: BENCH.corpId, secret: BENCH.secret });
  const dirs = await Promise.all([0, 1].map(() => mkdtemp(path.join(os.tmpdir(), 'rectify-pgbench-'))));
  const db = await freshDatabase();
  const start = (env: Record<string, string>) => startChild({ entry: BUILT_BOT, env: { ...env, LOG_LEVEL: 'warn' } });
  const files = await start(botEnv(dirs[0]!, api.url));
  const pgEnv = { ...botEnv(dirs[1]!, api.url), DATABASE_URL: db.url };
  const pgOne = await start(pgEnv);
  const pgTwo = await start(pgEnv);
  const setups: Setup[] = [
    { name: 'files, 1 instance', bots: [files] },
    { name: 'PostgreSQL, 1 instance', bots: [pgOne] },
    { name: 'PostgreSQL, 2 instances', bots: [pgOne, pgTwo] },
  ];
  try {
    const items = ((await (await fetch(`${files.url}/healthz`)).json()) as { items: number }).items;
    const random = seededRandom(16);
    const itemNo = () => 1 + Math.floor(random() * items);
    let updateSeq = 0;
    const mixed = (n: number): Message[] =>
      Array.from({ length: n }, (_, i) =>
        i % 10 === 9
          ? { kind: 'update', from: BENCH.admin, content: `进度 ${itemNo()} 压测更新${++updateSeq}` }
          : { kind: 'query', from: BENCH.member, content: `进度 ${itemNo()}` },
      );
    for (const s of setups) await load(s, mixed(o.warmup), o.connections);
    const runs = new Map<string, LoadResult[][]>(setups.map((s) => [s.name, []]));
    for (let round = 0; round < o.rounds; round++)
      for (const s of setups) runs.get(s.name)!.push(await load(s, mixed(o.requests), o.connections));
    return setups.map((s) => figures(s.name, runs.get(s.name)!));
  } finally {
    await Promise.all([files, pgOne, pgTwo].map((b) => b.stop()));
    await api.close();
    await db.drop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}

/** The connections split evenly over the setup's instances, all loaded at once. */
function load(setup: Setup, messages: Message[], connections: number): Promise<LoadResult[]> {
  const share = Math.ceil(messages.length / setup.bots.length);
  return Promise.all(
    setup.bots.map((bot, i) =>
      runLoad(
        bot.url,
        signedRequests(messages.slice(i * share, (i + 1) * share)),
        connections / setup.bots.length,
        bot.cpuMs,
      ),
    ),
  );
}

/** Per round the slowest instance's time counts (they ran together); percentiles over every answer. */
function figures(name: string, rounds: readonly LoadResult[][]): SetupFigures {
  const seconds = rounds.reduce((s, round) => s + Math.max(...round.map((r) => r.seconds)), 0);
  const all = rounds.flat();
  const of = (kind: string) => all.flatMap((r) => r.latencies.get(kind) ?? []);
  const answered = all.reduce((n, r) => n + [...r.latencies.values()].reduce((m, l) => m + l.length, 0), 0);
  const pick = ({ p50, p99 }: { p50: number; p99: number }) => ({ p50, p99 });
  return {
    name,
    rps: answered / seconds,
    errors: all.reduce((n, r) => n + r.errors, 0),
    query: pick(summarize(of('query'))),
    update: pick(summarize(of('update'))),
  };
}
