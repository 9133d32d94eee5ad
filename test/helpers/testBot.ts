/**
 * Starts the real bot — real HTTP server, real lowdb file in a temp DATA_DIR — against the fake
 * WeCom API on loopback, with a clock the test controls. Nothing of ours is stubbed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startBot, type RunningBot, type StartOptions } from '../../src/startBot.js';
import { startFakeWeComApi, type FakeWeComApi } from './fakeWeComApi.js';
import { WeComSigner } from './wecomSigner.js';

export const TEST_CORP = 'wwfakecorp000001';
export const TEST_SECRET = 'fake-secret';
export const TEST_TOKEN = 'testtoken123';
export const TEST_AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
export const ADMIN = 'admin1';

/** 2026-11-27 10:00 Asia/Shanghai, a Friday. */
export const START_MS = Date.UTC(2026, 10, 27, 2, 0, 0);

export class TestClock {
  constructor(public ms = START_MS) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface TestBot {
  bot: RunningBot;
  api: FakeWeComApi;
  signer: WeComSigner;
  clock: TestClock;
  config: Config;
  dataDir: string;
  /** Sends a text message as `from` and returns the decrypted passive reply ('' when none). */
  say(from: string, content: string, msgId?: string): Promise<string>;
  /** Stops the bot and starts it again on the same DATA_DIR, as after a restart. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

let msgSeq = 1_000;

/** A fresh 64-bit-looking MsgId, distinct per call. */
export function nextMsgId(): string {
  return `72${String(++msgSeq).padStart(17, '0')}`;
}

export interface TestBotOptions {
  /** Extra variables; a function gets the fake WeCom API's URL (e.g. for PAGE_AUTHORIZE_URL). */
  env?: Record<string, string> | ((apiUrl: string) => Record<string, string>);
  dataDir?: string;
  clock?: TestClock;
  replyBudgetMs?: number;
  http?: StartOptions['http'];
}

/** The environment of a bot under test: test credentials, loopback, the fake API, quiet logs. */
export function testEnv(
  dataDir: string,
  apiUrl: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    WECOM_CORP_ID: TEST_CORP,
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: TEST_SECRET,
    WECOM_TOKEN: TEST_TOKEN,
    WECOM_ENCODING_AES_KEY: TEST_AES_KEY,
    WECOM_API_BASE: apiUrl,
    WECOM_ADMINS: ADMIN,
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}

export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const api = await startFakeWeComApi({ corpId: TEST_CORP, secret: TEST_SECRET });
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'rectify-test-')));
  const clock = options.clock ?? new TestClock();
  const env = typeof options.env === 'function' ? options.env(api.url) : options.env;
  const config = loadConfig(testEnv(dataDir, api.url, env));
  const signer = new WeComSigner({
    token: TEST_TOKEN,
    encodingAESKey: TEST_AES_KEY,
    receiveId: TEST_CORP,
    now: () => Math.floor(clock.now() / 1000),
  });
  const launch = () =>
    startBot(config, {
      clock: clock.now,
      log: createLogger('silent'),
      ...(options.replyBudgetMs !== undefined && { replyBudgetMs: options.replyBudgetMs }),
      ...(options.http && { http: options.http }),
    });
  const t: TestBot = {
    bot: await launch(),
    api,
    signer,
    clock,
    config,
    dataDir,
    async say(from, content, msgId = nextMsgId()) {
      const res = await signer.post(
        t.bot.url,
        '/wecom/callback',
        signer.textMessageXml({ from, content, msgId, createTime: Math.floor(clock.now() / 1000) }),
      );
      if (res.status !== 200) throw new Error(`callback answered ${res.status}: ${res.body}`);
      return res.body ? signer.openReply(res.body).content : '';
    },
    async restart() {
      await t.bot.close();
      t.bot = await launch();
    },
    async stop() {
      await t.bot.close();
      await api.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}
