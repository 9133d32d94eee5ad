import type { Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { commands } from '../commands/index.js';
import { AIBOT_PATH, aibotCallback } from './aibot/aibotCallback.js';
import { Bot } from './bot/Bot.js';
import { cardClick } from './cards/cardClick.js';
import { CardStore } from './cards/CardStore.js';
import { sentCard } from './cards/sentCard.js';
import { CommandRegistry } from './bot/CommandRegistry.js';
import { Dispatcher } from './bot/Dispatcher.js';
import { Roles } from './bot/Roles.js';
import { rosterFile } from './people/rosterFile.js';
import { type Clock, systemClock } from './clock.js';
import { BUNDLED_REPORT, type Config, PROJECT_ROOT } from './config.js';
import { evidenceHandler } from './evidence/evidenceHandler.js';
import type { LedgerSet } from './ledger/LedgerSet.js';
import type { LedgerView } from './ledger/LedgerView.js';
import { createLogger, type Logger } from './log.js';
import { staleOfficerPushes } from './officers/staleOfficerPushes.js';
import { deadlinePushes } from './officers/deadlinePushes.js';
import { Metrics } from './metrics.js';
import { Outbox } from './outbox/Outbox.js';
import { OutboxSender } from './outbox/OutboxSender.js';
import { pushTargets } from './outbox/pushTargets.js';
import { loadHolidayOverrides } from './schedule/loadHolidayOverrides.js';
import type { DigestSection } from './schedule/buildDigest.js';
import { digestChartImage } from './schedule/digestChartImage.js';
import { digestSections } from './schedule/digestSections.js';
import { Scheduler } from './schedule/Scheduler.js';
import { HTTP_TIMEOUTS, type HttpTimeouts } from './httpTimeouts.js';
import { pageRoutes } from './page/pageRoutes.js';
import { createServer, type Health, listen, type Route } from './server.js';
import { FileOutboxMedia } from './storage/files/FileOutboxMedia.js';
import { openLedger } from './storage/openLedger.js';
import type { Storage } from './storage/Storage.js';
import { createWeComApi, type WeComTuning } from './wecom/createWeComApi.js';
import { Envelope } from './wecom/Envelope.js';
import { clockSkewWarning } from './wecom/Freshness.js';
import type { WeComApi } from './wecom/WeComApi.js';
import type { Target } from './outbox/OutboxRecord.js';
import { wecomCallback } from './wecom/wecomCallback.js';

export interface StartOptions {
  clock?: Clock;
  log?: Logger;
  replyBudgetMs?: number;
  /** Connection limits of the HTTP server (default HTTP_TIMEOUTS), so tests need not wait them out. */
  http?: Partial<HttpTimeouts>;
  wecom?: WeComTuning;
}

export interface RunningBot {
  url: string;
  /** The first ledger (the only one unless more were imported). */
  store: LedgerView;
  ledgers: LedgerSet;
  storage: Storage;
  outbox: Outbox;
  sender: OutboxSender;
  scheduler: Scheduler;
  api: WeComApi;
  log: Logger;
  close(): Promise<void>;
}

/**
 * Wires config → storage → WeCom edges → HTTP server → scheduler. main.ts and the tests start the bot the same
 * way.
 */
export async function startBot(config: Config, options: StartOptions = {}): Promise<RunningBot> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.logLevel);
  const tuning = options.replyBudgetMs !== undefined ? { replyBudgetMs: options.replyBudgetMs } : {};
  const overrides = await loadHolidayOverrides(config.dataDir);
  const { storage, ledgers, ledger } = await openLedger(config.dataDir, {
    clock,
    seedReport: BUNDLED_REPORT,
    timeZone: config.timeZone,
    database: config.database,
  });
  warnIfHistoryAhead(storage, clock, log);

  const api = createWeComApi(config, clock, log, options.wecom);
  const outbox = new Outbox(storage.outbox, clock);
  const cards = await CardStore.open(config.dataDir);
  const metrics = new Metrics(
    () => outbox.pending(Infinity),
    () => storage.writeFailures,
    clock,
  );
  const { targets, robotKeys } = pushTargets(config.schedule.chatIds, config.schedule.robotKeys);
  const media = new FileOutboxMedia(config.dataDir, clock);
  const sender = new OutboxSender({
    outbox,
    api,
    agentId: config.wecom.agentId,
    robotKeys,
    media,
    clock,
    log,
    admins: config.admins,
    metrics,
    onCardSent: (taskId, code) => cards.addCode(taskId, code, clock()),
  });

  const roles = new Roles(config.admins, rosterFile(config.dataDir));
  const onSkew = clockSkewWarning(log, clock);
  const dispatcher = new Dispatcher({
    registry: new CommandRegistry(commands),
    ledgers,
    roles,
    clock,
    log,
    timeZone: config.timeZone,
    schedule: { festivals: config.schedule.festivals, overrides, hasTargets: targets.length > 0 },
    outbox,
    api,
    metrics,
    cards,
    ...(config.page?.baseUrl !== undefined && { pageUrl: config.page.baseUrl }),
  });
  const evidence = evidenceHandler({
    ledgers,
    evidenceRoot: storage.evidenceRoot,
    api,
    roles,
    clock,
    log,
    maxBytes: config.evidenceMaxBytes,
  });
  const click = cardClick({
    cards,
    dispatcher,
    ledgers,
    api,
    agentId: config.wecom.agentId,
    outbox,
    clock,
    timeZone: config.timeZone,
    log,
  });
  const bot = new Bot(dispatcher, evidence).onEvent('template_card_event', (m) =>
    m.taskId && m.eventKey
      ? click({
          from: m.from,
          taskId: m.taskId,
          key: m.eventKey,
          ...(m.responseCode && { responseCode: m.responseCode }),
        })
      : Promise.resolve(undefined),
  );

  const routes: Route[] = [
    {
      path: '/wecom/callback',
      ...wecomCallback({
        envelope: new Envelope({
          token: config.wecom.token,
          encodingAESKey: config.wecom.encodingAESKey,
          receiveId: config.wecom.corpId,
        }),
        corpId: config.wecom.corpId,
        tolerance: config.wecom.timestampTolerance,
        onSkew,
        clock,
        bot,
        lateReply: (userId, text, key) => outbox.notify('reply', [userId], text, key),
        log,
        ...tuning,
      }),
    },
  ];
  if (config.aibot) {
    const aibot = aibotCallback({
      keys: config.aibot,
      tolerance: config.wecom.timestampTolerance,
      onSkew,
      clock,
      dispatcher,
      outbox,
      apiBase: config.wecom.apiBase,
      cards,
      click,
      log,
      ...tuning,
    });
    routes.push({ path: AIBOT_PATH, ...aibot });
  }
  let url = '';
  const page = config.page && [
    pageRoutes({
      page: config.page,
      corpId: config.wecom.corpId,
      agentId: config.wecom.agentId,
      demoLogin: config.demo && isLoopback(config.host),
      baseUrl: () => config.page?.baseUrl ?? url,
      ledgers,
      roles,
      dispatcher,
      api,
      evidenceRoot: storage.evidenceRoot,
      assetsDir: path.join(PROJECT_ROOT, 'src/page/assets'),
      clock,
      timeZone: config.timeZone,
      log,
    }),
  ];
  const app = createServer(() => health(storage, ledgers.items().length), routes, {
    metrics: {
      registry: metrics.registry,
      callback: (route, status) => metrics.callback(route, status),
      ...config.metrics,
    },
    extra: page || [],
  });
  const server = await listen(app, config.port, config.host, { ...HTTP_TIMEOUTS, ...options.http });
  url = urlOf(server, config.host);
  void sender.kick().catch((err: unknown) => log.error({ err }, 'outbox: first pass failed'));

  const { digestCron, reminderTime, festivals } = config.schedule;
  const scheduler = new Scheduler({
    outbox,
    sections: (target) => digestSections(ledgers, followed(config.schedule.follow, target)),
    clock,
    log,
    timeZone: config.timeZone,
    digestCron,
    reminderTime,
    festivals,
    overrides,
    targets,
    weeklyProducers: [
      async (now) => {
        const pushes = staleOfficerPushes(ledgers, now, config.timeZone);
        await cards.addCards(pushes.flatMap((p) => sentCard(p, 'stale', now)));
        return pushes;
      },
    ],
    ...(config.schedule.digestChart && {
      chart: (sections: readonly DigestSection[], now: number) =>
        digestChartImage(ledgers, sections, now, config.timeZone, media),
    }),
    dailyProducers: [(now) => deadlinePushes(ledgers, now, config.timeZone, config.schedule.deadlineWarnDays)],
    ...(config.page?.baseUrl !== undefined && { pageUrl: config.page.baseUrl }),
    ...(storage.schedulerLease && { lease: storage.schedulerLease }),
  });
  await scheduler.start();

  return {
    url,
    store: ledger,
    ledgers,
    storage,
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
      await storage.close();
    },
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function urlOf(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
}

/** What /healthz says: ok, or the disk's last refusal until a write succeeds again. */
function health(storage: Storage, items: number): ReturnType<Health> {
  const fault = storage.fault;
  if (!fault) return { status: 'ok', items };
  return { status: 'storage-fault', items, storage: { ...fault, since: new Date(fault.since).toISOString() } };
}

/** History stamped after now means this clock is behind the one that wrote it: say so before anything is sent. */
function warnIfHistoryAhead(storage: Storage, clock: Clock, log: Logger): void {
  let newest = -Infinity;
  for (const { history } of storage.ledgers) for (const e of history) if (e.at > newest) newest = e.at;
  const aheadSeconds = (newest - clock()) / 1000;
  if (aheadSeconds > 300)
    log.error(
      { aheadSeconds: Math.round(aheadSeconds) },
      'CLOCK: the newest history is stamped later than this machine’s clock; check NTP before trusting schedules',
    );
}

/** The ledgers a target's digest covers (DIGEST_FOLLOW), or undefined for all. */
function followed(follow: Record<string, string[]>, target: Target): string[] | undefined {
  if (target.kind === 'chat') return follow[target.chatId];
  if (target.kind === 'robot') return follow[target.keyId.split('-')[0]!];
  return undefined;
}
