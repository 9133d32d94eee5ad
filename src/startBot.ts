import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { commands } from '../commands/index.js';
import { AIBOT_PATH, aibotCallback } from './aibot/aibotCallback.js';
import { Bot } from './bot/Bot.js';
import { CommandRegistry } from './bot/CommandRegistry.js';
import { Dispatcher } from './bot/Dispatcher.js';
import { Roles } from './bot/Roles.js';
import { systemClock, type Clock } from './clock.js';
import { BUNDLED_REPORT, type Config } from './config.js';
import { evidenceHandler } from './evidence/evidenceHandler.js';
import { LedgerStore } from './ledger/LedgerStore.js';
import { createLogger, type Logger } from './log.js';
import { Outbox } from './outbox/Outbox.js';
import { OutboxSender } from './outbox/OutboxSender.js';
import { pushTargets } from './outbox/pushTargets.js';
import { loadHolidayOverrides } from './schedule/loadHolidayOverrides.js';
import { staleOfficerPushes } from './officers/staleOfficerPushes.js';
import { Scheduler } from './schedule/Scheduler.js';
import { HTTP_TIMEOUTS, type HttpTimeouts } from './httpTimeouts.js';
import { createServer } from './server.js';
import { DemoWeComApi } from './wecom/DemoWeComApi.js';
import { Envelope } from './wecom/Envelope.js';
import type { WeComApi } from './wecom/WeComApi.js';
import { WeComClient, type WeComClientOptions } from './wecom/WeComClient.js';
import { wecomCallback } from './wecom/wecomCallback.js';

export interface StartOptions {
  clock?: Clock;
  log?: Logger;
  replyBudgetMs?: number;
  /** Connection limits of the HTTP server (default HTTP_TIMEOUTS), so tests need not wait them out. */
  http?: Partial<HttpTimeouts>;
  /** Request timeout and backoff sleep of the WeCom client, so tests need not wait them out. */
  wecom?: Pick<WeComClientOptions, 'timeoutMs' | 'sleep'>;
}

export interface RunningBot {
  url: string;
  store: LedgerStore;
  outbox: Outbox;
  sender: OutboxSender;
  scheduler: Scheduler;
  api: WeComApi;
  log: Logger;
  close(): Promise<void>;
}

/** Wires config → store → WeCom edges → HTTP server. main.ts and the tests start the bot the same way. */
export async function startBot(config: Config, options: StartOptions = {}): Promise<RunningBot> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.logLevel);
  const overrides = await loadHolidayOverrides(config.dataDir);
  const store = await LedgerStore.open(config.dataDir, { clock, seedReport: BUNDLED_REPORT });
  const api = weComApi(config, clock, log, options.wecom);
  const outbox = new Outbox(store);
  const { targets, robotKeys } = pushTargets(config.schedule.chatIds, config.schedule.robotKeys);
  const sender = new OutboxSender({ outbox, api, agentId: config.wecom.agentId, robotKeys, clock, log });
  const toUser = (kind: string) => (userIds: readonly string[], text: string, key: string) =>
    outbox
      .enqueue(
        userIds.map((userId) => ({
          kind,
          period: key,
          target: { kind: 'user' as const, userId },
          message: { msgtype: 'text' as const, parts: [text] },
        })),
      )
      .then(() => undefined);

  const sendFile = async (userId: string, filename: string, bytes: Buffer) => {
    try {
      const mediaId = await api.uploadMedia('file', filename, bytes);
      await api.post('message/send', {
        touser: userId,
        agentid: Number(config.wecom.agentId),
        msgtype: 'file',
        file: { media_id: mediaId },
      });
    } catch (err) {
      log.error({ err, user: userId, filename }, 'file not sent');
      throw err;
    }
  };

  const roles = new Roles(config.admins);
  const dispatcher = new Dispatcher({
    registry: new CommandRegistry(commands),
    store,
    roles,
    clock,
    log,
    timeZone: config.timeZone,
    schedule: { festivals: config.schedule.festivals, overrides },
    notify: toUser('notice'),
    sendFile,
  });
  const bot = new Bot(
    dispatcher,
    evidenceHandler({ store, api, roles, clock, log, maxBytes: config.evidenceMaxBytes }),
  );
  const callback = wecomCallback({
    envelope: new Envelope({
      token: config.wecom.token,
      encodingAESKey: config.wecom.encodingAESKey,
      receiveId: config.wecom.corpId,
    }),
    corpId: config.wecom.corpId,
    tolerance: config.wecom.timestampTolerance,
    clock,
    bot,
    lateReply: (userId, text, key) => toUser('reply')([userId], text, key),
    log,
    ...(options.replyBudgetMs !== undefined && { replyBudgetMs: options.replyBudgetMs }),
  });
  const aibot =
    config.aibot &&
    aibotCallback({
      keys: config.aibot,
      tolerance: config.wecom.timestampTolerance,
      clock,
      dispatcher,
      outbox,
      apiBase: config.wecom.apiBase,
      log,
      ...(options.replyBudgetMs !== undefined && { replyBudgetMs: options.replyBudgetMs }),
    });
  const app = createServer(store, [
    { path: '/wecom/callback', ...callback },
    ...(aibot ? [{ path: AIBOT_PATH, ...aibot }] : []),
  ]);
  const server = await listen(app.callback(), config.port, config.host, { ...HTTP_TIMEOUTS, ...options.http });
  void sender.kick();
  const { digestCron, reminderTime, festivals } = config.schedule;
  const scheduler = new Scheduler({
    outbox,
    source: store,
    clock,
    log,
    timeZone: config.timeZone,
    digestCron,
    reminderTime,
    festivals,
    overrides,
    targets,
    weeklyProducers: [(now) => staleOfficerPushes(store, now, config.timeZone)],
  });
  await scheduler.start();
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  return {
    url,
    store,
    outbox,
    sender,
    scheduler,
    api,
    log,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await scheduler.stop();
      await sender.stop();
      await store.close();
    },
  };
}

/** The real client, or in demo mode a file; the CLI builds its client the same way. */
export function weComApi(config: Config, clock: Clock, log: Logger, wecom: StartOptions['wecom'] = {}): WeComApi {
  if (config.demo) return new DemoWeComApi(config.dataDir, clock);
  return new WeComClient({
    apiBase: config.wecom.apiBase,
    corpId: config.wecom.corpId,
    secret: config.wecom.secret,
    log,
    now: clock,
    ...wecom,
  });
}

async function listen(
  handler: Parameters<typeof import('node:http').createServer>[1],
  port: number,
  host: string,
  timeouts: HttpTimeouts,
): Promise<Server> {
  const { createServer } = await import('node:http');
  const server = createServer(timeouts, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
