/**
 * The real bot with push targets configured, against the fake WeCom API, with what the shared
 * test bot does not expose: the client's timeout and backoff sleep, captured logs, and a ledger
 * created at a chosen earlier moment so items can be stale.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BUNDLED_REPORT, loadConfig, type Config } from '../../src/config.js';
import { openTestLedger } from './openTestLedger.js';
import { createLogger } from '../../src/log.js';
import { startBot, type RunningBot } from '../../src/startBot.js';
import { startFakeWeComApi, type FakeWeComApi, type Fault, type RecordedCall } from './fakeWeComApi.js';
import { TEST_CORP, TEST_SECRET, TestClock, testEnv } from './testBot.js';

export const CHATS = ['chatA', 'chatB'];
export const ROBOT_KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';

/** Shanghai wall time → unix ms. Every fixed moment in these tests is given in the ledger's zone. */
export function shanghai(isoLocal: string): number {
  return Date.parse(`${isoLocal}+08:00`);
}

export interface PushBotOptions {
  /** Start of the clock; the ledger is created then unless `ledgerCreatedAt` is given. */
  now: number;
  ledgerCreatedAt?: number;
  env?: Record<string, string>;
  /** Faults queued before the bot starts, so its catch-up run meets them. */
  faults?: Record<string, Fault[]>;
  timeoutMs?: number;
  dataDir?: string;
  /** A fake API that outlives this bot (e.g. one a killed child process was talking to). */
  api?: FakeWeComApi;
  /** The passive-reply budget; without it the production default (4 s). */
  replyBudgetMs?: number;
}

export interface PushBot {
  bot: RunningBot;
  api: FakeWeComApi;
  clock: TestClock;
  config: Config;
  dataDir: string;
  /** Backoff sleeps the client asked for, in ms; they return at once. */
  sleeps: number[];
  /** Log lines as written (JSON). */
  logs: string[];
  /** Requests to `path` that WeCom would have acted on: no fault, or only a delay. */
  delivered(path: string): RecordedCall[];
  /** Waits until the sender has nothing due. */
  settle(): Promise<void>;
  /** Stops the bot and starts it again on the same DATA_DIR, optionally with changed variables. */
  restart(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export async function startPushBot(options: PushBotOptions): Promise<PushBot> {
  const api = options.api ?? (await startFakeWeComApi({ corpId: TEST_CORP, secret: TEST_SECRET }));
  for (const [apiPath, faults] of Object.entries(options.faults ?? {})) api.inject(apiPath, faults);
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'rectify-push-')));
  const clock = new TestClock(options.ledgerCreatedAt ?? options.now);
  if (options.ledgerCreatedAt !== undefined) {
    await (await openTestLedger(dataDir, { clock: clock.now, seedReport: BUNDLED_REPORT })).close();
    clock.ms = options.now;
  }
  const configFor = (env: Record<string, string> = {}) =>
    loadConfig(
      testEnv(dataDir, api.url, {
        WECOM_CHAT_IDS: CHATS.join(','),
        WECOM_ROBOT_KEYS: ROBOT_KEY,
        // Text only unless a test is about the chart: drawing costs a second, and fault tests count sends.
        DIGEST_CHART: '0',
        TZ: 'Asia/Shanghai',
        LOG_LEVEL: 'info',
        ...options.env,
        ...env,
      }),
    );
  let config = configFor();
  const sleeps: number[] = [];
  const logs: string[] = [];
  const log = createLogger('info', { write: (line: string) => void logs.push(line) });
  const launch = () =>
    startBot(config, {
      clock: clock.now,
      log,
      wecom: { timeoutMs: options.timeoutMs ?? 2_000, sleep: async (ms) => void sleeps.push(ms) },
      ...(options.replyBudgetMs !== undefined && { replyBudgetMs: options.replyBudgetMs }),
    });
  let bot: RunningBot;
  try {
    bot = await launch();
  } catch (err) {
    if (!options.api) await api.close();
    throw err;
  }
  const t: PushBot = {
    bot,
    api,
    clock,
    config,
    dataDir,
    sleeps,
    logs,
    delivered: (apiPath) => api.callsTo(apiPath).filter((c) => !c.fault || 'delayMs' in c.fault),
    async settle() {
      await t.bot.sender.kick();
    },
    async restart(env) {
      await t.bot.close();
      if (env) t.config = config = configFor(env);
      t.bot = await launch();
    },
    async stop() {
      await t.bot.close();
      if (!options.api) await api.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

/** The texts each target received, in order: chatA, chatB and "robot". Only deliveries count (see `delivered`). */
export function received(t: PushBot): Record<string, string[]> {
  const byTarget: Record<string, string[]> = {};
  for (const [name, call] of deliveredByTarget(t))
    if (call.body.msgtype !== 'image') (byTarget[name] ??= []).push(contentOf(call));
  return byTarget;
}

/** The images each target received, as the delivered request bodies, in order. */
export function imagesReceived(t: PushBot): Record<string, RecordedCall[]> {
  const byTarget: Record<string, RecordedCall[]> = {};
  for (const [name, call] of deliveredByTarget(t))
    if (call.body.msgtype === 'image') (byTarget[name] ??= []).push(call);
  return byTarget;
}

/** Every delivered chat and robot message with the target's name, app chats first. */
function deliveredByTarget(t: PushBot): Array<[string, RecordedCall]> {
  return [
    ...t.delivered('/cgi-bin/appchat/send').map((c): [string, RecordedCall] => [String(c.body.chatid), c]),
    ...t
      .delivered('/cgi-bin/webhook/send')
      .map((c): [string, RecordedCall] => [c.query.key === ROBOT_KEY ? 'robot' : `robot ${c.query.key}`, c]),
  ];
}

/** How many times each target received a message containing `mark`. */
export function countReceived(t: PushBot, mark: string): Record<string, number> {
  return Object.fromEntries(
    Object.entries(received(t)).map(([target, contents]) => [target, contents.filter((c) => c.includes(mark)).length]),
  );
}

export function contentOf(call: RecordedCall): string {
  const body = call.body as { msgtype?: string; [type: string]: unknown };
  const inner = body[body.msgtype ?? ''] as { content?: string } | undefined;
  return inner?.content ?? '';
}

/** Mid-week: this week's digest (Monday 09:00) is due and caught up at start. */
export const WEDNESDAY = shanghai('2026-12-02T10:00');

/** Runs `body` against a push bot started on `options` (default: WEDNESDAY) whose start-up sends have settled. */
export async function withPushBot(
  options: Partial<PushBotOptions>,
  body: (t: PushBot) => Promise<void>,
): Promise<void> {
  const t = await startPushBot({ now: WEDNESDAY, ...options });
  try {
    await t.settle();
    await body(t);
  } finally {
    await t.stop();
  }
}
