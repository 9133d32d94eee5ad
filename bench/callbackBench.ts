import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startChild, type ChildServer } from '../test/helpers/childBot.js';
import { BUILT_BOT } from './identity.js';
import { startFakeWeComApi } from '../test/helpers/fakeWeComApi.js';
import { seededRandom } from '../test/helpers/seededRandom.js';
import { BENCH, benchSigner, botEnv } from './identity.js';
import { runLoad, type LoadResult } from './load.js';
import { signedRequests, type Message } from './signedRequests.js';
import { summarize } from './stats.js';

const signer = benchSigner();

export interface CallbackBenchOptions {
  connections: number;
  /** Measured requests per round and scenario. */
  requests: number;
  rounds: number;
  warmup: number;
  /** Extra node flags for the bot process, e.g. --cpu-prof. */
  botNodeArgs?: string[];
}

export interface ScenarioFigures {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  serverCpu: number;
  serverCpuPerRequest: number;
  clientCpu: number;
  /** p50/p99 of each kind of request, when a scenario mixes kinds. */
  byKind: { kind: string; p50: number; p99: number }[];
}

export interface CallbackBenchResult {
  scenarios: ScenarioFigures[];
  botRssAfter: number;
  /** Size of the baseline's fixed reply, the bot's median answer to 进度 N. */
  replyBytes: number;
}

type Scenario = { name: string; server: ChildServer; messages: (n: number) => Message[] };

/**
 * The bot and the bare baseline run side by side as separate processes; rounds alternate between
 * them so that whatever else the machine is doing falls on both alike.
 */
export async function callbackBench(o: CallbackBenchOptions): Promise<CallbackBenchResult> {
  const api = await startFakeWeComApi({ corpId: BENCH.corpId, secret: BENCH.secret });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rectify-bench-'));
  const env = botEnv(dataDir, api.url);
  const bot = await startChild({ entry: BUILT_BOT, env, ...(o.botNodeArgs && { nodeArgs: o.botNodeArgs }) });
  let baseline: ChildServer | undefined;
  try {
    const items = ((await (await fetch(`${bot.url}/healthz`)).json()) as { items: number }).items;
    const reply = await typicalReply(bot, items);
    baseline = await startChild({ entry: 'bench/baseline.ts', env: { ...env, BASELINE_REPLY: reply } });
    const random = seededRandom(6);
    const itemNo = () => 1 + Math.floor(random() * items);
    let updateSeq = 0;
    const query = (): Message => ({ kind: 'query', from: BENCH.member, content: `进度 ${itemNo()}` });
    const update = (): Message => ({
      kind: 'update',
      from: BENCH.admin,
      content: `进度 ${itemNo()} 压测更新${++updateSeq}`,
    });
    const queries = (n: number) => Array.from({ length: n }, query);
    const mixed = (n: number) => Array.from({ length: n }, (_, i) => (i % 10 === 9 ? update() : query()));
    if ((await ask(baseline, '进度 1')) !== reply) throw new Error('the baseline does not answer with the fixed reply');

    const scenarios: Scenario[] = [
      { name: 'bot: 进度 N', server: bot, messages: queries },
      { name: 'baseline', server: baseline, messages: queries },
      { name: 'bot: 10% updates', server: bot, messages: mixed },
    ];
    for (const s of scenarios)
      await runLoad(s.server.url, signedRequests(s.messages(o.warmup)), o.connections, s.server.cpuMs);
    const runs = new Map<string, LoadResult[]>(scenarios.map((s) => [s.name, []]));
    for (let round = 0; round < o.rounds; round++) {
      for (const s of scenarios) {
        const pool = signedRequests(s.messages(o.requests));
        runs.get(s.name)!.push(await runLoad(s.server.url, pool, o.connections, s.server.cpuMs));
      }
    }
    return {
      scenarios: scenarios.map((s) => pooled(s.name, runs.get(s.name)!)),
      botRssAfter: bot.memory().rss,
      replyBytes: Buffer.byteLength(reply),
    };
  } finally {
    await Promise.all([bot.stop(), baseline?.stop()]);
    await api.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Rounds merged: throughput over their total time, percentiles over every latency. */
function pooled(name: string, runs: readonly LoadResult[]): ScenarioFigures {
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const mean = (f: (r: LoadResult) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
  const kinds = [...new Set(runs.flatMap((r) => [...r.latencies.keys()]))];
  const of = (kind?: string) =>
    runs.flatMap((r) => [...r.latencies].filter(([k]) => kind === undefined || k === kind).flatMap(([, l]) => l));
  const all = of();
  const { p50, p99 } = summarize(all);
  return {
    name,
    requests: runs.reduce((n, r) => n + r.requests, 0),
    rps: all.length / seconds,
    p50,
    p99,
    errors: runs.reduce((n, r) => n + r.errors, 0),
    serverCpu: mean((r) => r.serverCpu),
    serverCpuPerRequest: mean((r) => r.serverCpuPerRequest),
    clientCpu: mean((r) => r.clientCpu),
    byKind: kinds.length > 1 ? kinds.map((kind) => ({ kind, ...summarize(of(kind)) })) : [],
  };
}

/** A signed message and its opened reply, so the answer is checked before anything is timed. */
async function ask(server: ChildServer, content: string): Promise<string> {
  const [req] = signedRequests([{ kind: 'check', from: BENCH.member, content }]);
  const res = await fetch(`${server.url}${req!.path}`, { method: 'POST', headers: req!.headers, body: req!.body });
  if (res.status !== 200) throw new Error(`${server.url} answered ${res.status}`);
  return signer.openReply(await res.text()).content;
}

/** The bot's answer of median length to 进度 N over all items: the baseline's fixed reply. */
async function typicalReply(bot: ChildServer, items: number): Promise<string> {
  const replies: string[] = [];
  for (let no = 1; no <= items; no++) replies.push(await ask(bot, `进度 ${no}`));
  if (!replies.every((r, i) => r.startsWith(`【第${i + 1}项】`)))
    throw new Error('the bot does not answer 进度 N as expected');
  return replies.sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b))[Math.floor(replies.length / 2)]!;
}
