/**
 * `npm run bench`: every figure of the README's "Performance and reliability" section.
 *   --callback   only the callback benchmark      --scale   only the scale benchmark
 *   --chart      only the digest chart benchmark
 *   --page       only the ledger page benchmark (PAGE_ITEMS, default 500; PAGE_LEDGERS of them, default 1)
 *   --import     only the import benchmark (1,000-item xlsx, 1 MB notice; IMPORT_ITEMS, IMPORT_NOTICE_BYTES)
 *   --postgres   only files vs PostgreSQL vs two instances on PostgreSQL (needs TEST_DATABASE_URL, see .ci/start-postgres)
 *   --outbox     only the outbox benchmark (answer latency after 0 and 50,000 sent records)
 *   --ledgers    only the several-ledgers benchmark (LEDGERS_COUNT × LEDGERS_ITEMS, LEDGERS_EVENTS in all;
 *                defaults 20 × 500, 200,000)
 *   --cpu-prof   write a CPU profile of the bot process (callback benchmark) to a temp folder
 * Sizes come from BENCH_CONNECTIONS, BENCH_REQUESTS, BENCH_ROUNDS (defaults 16, 10000, 3) and
 * SCALE_ITEMS, SCALE_EVENTS, SCALE_SETTLE_SECONDS (defaults 5000, 100000, 60).
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { callbackBench } from './callbackBench.js';
import { chartBench } from './chartBench.js';
import { importBench } from './importBench.js';
import { ledgersBench } from './ledgersBench.js';
import { machine } from './machine.js';
import { outboxBench } from './outboxBench.js';
import { pageBench } from './pageBench.js';
import { postgresBench } from './postgresBench.js';
import { scaleBench } from './scale.js';
import { median, ms, table } from './stats.js';

const args = new Set(process.argv.slice(2));
const SECTIONS = ['--callback', '--scale', '--chart', '--import', '--outbox', '--page', '--postgres', '--ledgers'];
const only = (flag: string) => args.has(flag) || !SECTIONS.some((s) => args.has(s));
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MB`;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
const startupRow = (startup: { median: number; max: number }, starts: number, targetSeconds: number) => [
  'start-up (spawn → /healthz 200)',
  `median ${startup.median.toFixed(0)} ms, max ${startup.max.toFixed(0)} ms (of ${starts})`,
  `< ${targetSeconds} s`,
  verdict(startup.max < targetSeconds * 1000),
];

process.stdout.write(`Machine: ${machine()}\n\n`);

if (only('--callback')) {
  const connections = num('BENCH_CONNECTIONS', 16);
  const o = { connections, requests: num('BENCH_REQUESTS', 10_000), rounds: num('BENCH_ROUNDS', 3), warmup: 2_000 };
  const profileDir = args.has('--cpu-prof') ? await mkdtemp(path.join(os.tmpdir(), 'rectify-prof-')) : undefined;
  const r = await callbackBench({
    ...o,
    ...(profileDir && { botNodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] }),
  });
  const baseline = r.scenarios.find((s) => s.name === 'baseline')!;
  process.stdout.write(
    `Callback: POST /wecom/callback, ${connections} connections, ${o.rounds} alternating rounds × ${o.requests} signed messages each, every one a new MsgId;\n` +
      `baseline = bare Koa: signature check, decrypt, XML parse, encrypt and sign a fixed ${r.replyBytes}-byte reply (the bot's median answer to 进度 N)\n`,
  );
  process.stdout.write(
    `${table([
      ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'vs baseline', 'server CPU', 'CPU/request', 'client CPU'],
      ...r.scenarios.flatMap((s) => [
        [
          s.name,
          s.rps.toFixed(0),
          ms(s.p50),
          ms(s.p99),
          String(s.errors),
          (s.rps / baseline.rps).toFixed(2),
          `${s.serverCpu.toFixed(0)}%`,
          `${s.serverCpuPerRequest.toFixed(0)} µs`,
          `${s.clientCpu.toFixed(0)}%`,
        ],
        ...s.byKind.map((k) => [`  of which ${k.kind}`, '', ms(k.p50), ms(k.p99), '', '', '', '', '']),
      ]),
    ])}\n`,
  );
  const bot = r.scenarios[0]!;
  const ratio = bot.rps / baseline.rps;
  process.stdout.write(
    `Targets at ${connections} connections: bot/baseline ≥ 0.8 → ${ratio.toFixed(2)} ${verdict(ratio >= 0.8)}; bot p99 < 20 ms → ${ms(bot.p99)} ms ${verdict(bot.p99 < 20)}\n` +
      `Bot RSS after the callback runs: ${mb(r.botRssAfter)} (answers are kept for WeCom's retries: 10 minutes, at most the newest 10,000)\n` +
      (profileDir ? `CPU profile of the bot: ${profileDir}\n` : '') +
      '\n',
  );
}

if (only('--scale')) {
  const o = {
    items: num('SCALE_ITEMS', 5_000),
    events: num('SCALE_EVENTS', 100_000),
    queries: 2_000,
    updates: 500,
    starts: 3,
    settleSeconds: num('SCALE_SETTLE_SECONDS', 60),
  };
  const r = await scaleBench(o);
  process.stdout.write(
    `Scale: ${r.ledger.items} items (db.json ${mb(r.ledger.dbBytes)}), ${r.ledger.events} history events (events.jsonl ${mb(r.ledger.eventsBytes)}); ` +
      `${o.queries} queries then ${o.updates} updates, one at a time\n`,
  );
  process.stdout.write(
    `${table([
      ['measure', 'figure', 'target', ''],
      [
        '进度 N latency',
        `p50 ${ms(r.query.p50)} ms, p99 ${ms(r.query.p99)} ms`,
        'p99 < 10 ms',
        verdict(r.query.p99 < 10),
      ],
      [
        'update latency (fsync included)',
        `p50 ${ms(r.update.p50)} ms, p99 ${ms(r.update.p99)} ms`,
        'p99 < 50 ms',
        verdict(r.update.p99 < 50),
      ],
      [
        'weekly digest build',
        `median ${ms(r.digest.median)} ms, max ${ms(r.digest.max)} ms (${r.digest.lines} lines)`,
        '< 200 ms',
        verdict(r.digest.max < 200),
      ],
      startupRow(r.startup, o.starts, 2),
      [
        'resident memory right after the runs',
        `${mb(r.rss)} (peak ${mb(r.peakRss)})`,
        '< 200 MB',
        verdict(r.peakRss < 200 * 2 ** 20),
      ],
      [
        `resident memory after ${o.settleSeconds} s idle`,
        mb(r.settledRss),
        '< 200 MB',
        verdict(r.settledRss < 200 * 2 ** 20),
      ],
    ])}\n`,
  );
}

if (only('--ledgers')) {
  const o = {
    ledgers: num('LEDGERS_COUNT', 20),
    items: num('LEDGERS_ITEMS', 500),
    events: num('LEDGERS_EVENTS', 200_000),
    queries: 2_000,
    starts: 3,
  };
  const r = await ledgersBench(o);
  process.stdout.write(
    `Several ledgers: ${o.ledgers} ledgers × ${o.items} items (db.json ${mb(r.generated.dbBytes)} in all), ` +
      `${r.generated.events} history events (events.jsonl ${mb(r.generated.eventsBytes)} in all); ` +
      `${o.queries} 「进度 <code><no>」 queries, one at a time\n`,
  );
  process.stdout.write(
    `${table([
      ['measure', 'figure', 'target', ''],
      [
        '进度 审20 latency',
        `p50 ${ms(r.query.p50)} ms, p99 ${ms(r.query.p99)} ms`,
        'p99 < 10 ms',
        verdict(r.query.p99 < 10),
      ],
      [
        `weekly digest build (${o.ledgers} sections)`,
        `median ${ms(r.digest.median)} ms, max ${ms(r.digest.max)} ms (${r.digest.lines} lines)`,
        '< 500 ms',
        verdict(r.digest.max < 500),
      ],
      startupRow(r.startup, o.starts, 3),
      ['resident memory', `${mb(r.rss)} (peak ${mb(r.peakRss)})`, '< 250 MB', verdict(r.peakRss < 250 * 2 ** 20)],
    ])}\n`,
  );
}

if (only('--chart')) {
  const rounds = num('CHART_ROUNDS', 20);
  const r = await chartBench(rounds);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  process.stdout.write(
    `Digest chart: bundled ledger (53 items, 6 categories), ECharts SVG → resvg PNG, ${rounds} renders after the first\n`,
  );
  process.stdout.write(
    `${table([
      ['measure', 'figure', 'target', ''],
      [
        'first render in the process',
        `${ms(r.firstMs)} ms (modules loaded in ${ms(r.importMs)} ms)`,
        '< 500 ms',
        verdict(r.firstMs < 500),
      ],
      ['later renders', `p50 ${ms(r.warm.p50)} ms, max ${ms(r.warm.max)} ms`, '< 500 ms', verdict(r.warm.max < 500)],
      [
        'PNG size',
        `${kb(r.bytes)}, ${kb(r.bytesWithHistory)} with 8 weeks of history`,
        '< 300 KB',
        verdict(r.bytesWithHistory < 300 * 1024),
      ],
      ['resident memory added', mb(r.rssGrowth), '', ''],
    ])}\n`,
  );
}

if (only('--page')) {
  const p = await pageBench({
    ledgers: num('PAGE_LEDGERS', 1),
    items: num('PAGE_ITEMS', 500),
    events: num('PAGE_EVENTS', 10_000),
    requests: 300,
  });
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  process.stdout.write(
    `Ledger page: ${p.ledgers > 1 ? `${p.ledgers} ledgers × ` : ''}${p.items} items, ${p.events} events; ` +
      '300 sequential requests per page after 20 warm-up\n',
  );
  process.stdout.write(
    `${table([
      ['page', 'server time p50', 'p99', 'target p99 < 50 ms', 'first load at 390×844', 'target < 200 KB'],
      ...Object.entries(p.server).map(([name, s]) => {
        const load = p.firstLoad[name]!;
        return [
          name,
          `${ms(s.p50)} ms`,
          `${ms(s.p99)} ms`,
          verdict(s.p99 < 50),
          `${kb(load.bytes)} in ${load.requests} requests`,
          verdict(load.bytes < 200 * 1024),
        ];
      }),
    ])}\n`,
  );
}

if (only('--import')) {
  const runs = 3;
  const figures = await importBench({
    items: num('IMPORT_ITEMS', 1_000),
    noticeBytes: num('IMPORT_NOTICE_BYTES', 2 ** 20),
    runs,
  });
  process.stdout.write(
    `Import: readImportFile (what \`cli import --dry-run\` runs), ${runs} fresh reads of each file\n`,
  );
  process.stdout.write(
    `${table([
      ['file', 'size', 'items', 'median ms', 'max ms', 'target', ''],
      ...figures.map((f) => {
        const max = Math.max(...f.runsMs);
        return [
          f.what,
          mb(f.bytes),
          String(f.items),
          median(f.runsMs).toFixed(0),
          max.toFixed(0),
          '< 2 s',
          verdict(max < 2000),
        ];
      }),
    ])}\n`,
  );
}

if (only('--outbox')) {
  const answers = num('OUTBOX_ANSWERS', 500);
  const runs = [await outboxBench(0, answers), await outboxBench(50_000, answers)];
  process.stdout.write(
    `Outbox: ${answers} late replies one at a time (queue → message/send on a loopback fake → marked sent), ` +
      'after 0 and after 50,000 sent records left in outbox.json by a bot from before pruning\n',
  );
  process.stdout.write(
    `${table([
      ['sent records before', 'p50 ms', 'p99 ms', 'outbox.json after'],
      ...runs.map((r) => [r.history.toLocaleString('en'), ms(r.p50), ms(r.p99), `${r.outboxBytes} bytes`]),
    ])}\n`,
  );
}

if (args.has('--postgres')) {
  const connections = num('BENCH_CONNECTIONS', 16);
  const o = { connections, requests: num('BENCH_REQUESTS', 4_000), rounds: num('BENCH_ROUNDS', 3), warmup: 1_000 };
  const setups = await postgresBench(o);
  process.stdout.write(
    `PostgreSQL: POST /wecom/callback with 10% updates (进度 N 文本), ${connections} connections (split evenly over the ` +
      `instances), ${o.rounds} alternating rounds × ${o.requests} messages; bundled ledger; database on this machine\n`,
  );
  const files = setups[0]!;
  process.stdout.write(
    `${table([
      ['setup', 'req/s', 'vs files', '进度 p50', '进度 p99', 'update p50', 'update p99', 'errors'],
      ...setups.map((s) => [
        s.name,
        s.rps.toFixed(0),
        (s.rps / files.rps).toFixed(2),
        `${ms(s.query.p50)} ms`,
        `${ms(s.query.p99)} ms`,
        `${ms(s.update.p50)} ms`,
        `${ms(s.update.p99)} ms`,
        String(s.errors),
      ]),
    ])}\n`,
  );
}
