import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../clock.js';
import type { ImageMessage, OutboxRecord, PushKind, Target } from '../outbox/OutboxRecord.js';
import type { Logger } from '../log.js';
import { markdownMessage } from '../outbox/markdownMessage.js';
import type { Outbox, Push } from '../outbox/Outbox.js';
import type { DigestSection, DigestSettings } from './buildDigest.js';
import { chartPeriod, digestChartPushes } from './digestChartPushes.js';
import { DIGEST_KIND, digestPushes } from './digestPushes.js';
import type { Festival } from './festivals.js';
import { isoWeek } from './isoWeek.js';
import { localTime } from './localTime.js';
import { reminderPlan, type HolidayOverrides } from './reminderPlan.js';
import { reminderText } from './reminderText.js';
import { formatZoned } from '../text/zonedParts.js';
import { sharedBreaks } from './sharedBreaks.js';
import { weeklyDigest } from './weeklyDigest.js';

export const REMINDER_KIND: PushKind = 'reminder';

/** Pushes made on a schedule, for a period: the ones a clock running fast can spend early. */
const PERIODIC_KINDS: readonly PushKind[] = ['digest', 'reminder', 'stale', 'deadline'];

/**
 * Pushes to add to the weekly run, e.g. officers' stale-item reminders. Key them by period: a repeated call must be a
 * no-op.
 */
export type WeeklyProducer = (now: number) => Push[] | Promise<Push[]>;
/** Pushes to add to the daily run at REMINDER_TIME, e.g. officers' deadline reminders; keyed the same way. */
export type DailyProducer = WeeklyProducer;

export interface SchedulerOptions {
  outbox: Outbox;
  /** What a target's digest covers now: the sections of the ledgers it follows. */
  sections(target: Target): readonly DigestSection[];
  clock: Clock;
  log: Logger;
  timeZone: string;
  /** node-cron expression for the digest, read in `timeZone`. */
  digestCron: string;
  /** HH:MM in `timeZone`. */
  reminderTime: string;
  festivals: readonly Festival[];
  overrides: HolidayOverrides;
  targets: readonly Target[];
  weeklyProducers?: readonly WeeklyProducer[];
  dailyProducers?: readonly DailyProducer[];
  /** Public base URL of the ledger page, linked from the digest. */
  pageUrl?: string;
  /** The digest's picture for these sections, stored for the outbox; without it the digest is text only. */
  chart?(sections: readonly DigestSection[], now: number): Promise<ImageMessage>;
  /** Several instances on one store: only the holder runs jobs. Unset: this process is alone. */
  lease?: { hold(): Promise<boolean> };
  /** How often a lease holder repeats the catch-up and the others try to take over; default a minute. */
  leaseCheckMs?: number;
}

/**
 * Decides what is due and writes it to the outbox; never sends. Each job asks "is this period's
 * time past and is a record missing?", so a cron that fires twice, a restart and the catch-up at
 * start all come to the same answer, and the outbox key keeps it to one record per target.
 */
export class Scheduler {
  private readonly digestTask: ScheduledTask;
  private readonly reminderTask: ScheduledTask;
  /** node-cron matches to the second; scanning whole minutes at this offset finds every fire time. */
  private readonly secondOffsetMs: number;
  private readonly jobs = new Set<Promise<unknown>>();
  private leaseTimer?: NodeJS.Timeout;

  constructor(private readonly options: SchedulerOptions) {
    const [hours, minutes] = options.reminderTime.split(':').map(Number) as [number, number];
    this.digestTask = this.task('digest', options.digestCron, () => this.digestDue(options.clock()));
    this.reminderTask = this.task('reminders', `${minutes} ${hours} * * *`, async () => [
      ...(await this.remindersDue(options.clock())),
      ...(await this.dailyDue(options.clock())),
    ]);
    this.secondOffsetMs = (cron.parse(options.digestCron).second[0] ?? 0) * 1000;
  }

  /** Catches up what was missed while the bot was down, then lets cron fire. Failures are logged, not thrown. */
  async start(): Promise<void> {
    if (this.options.targets.length === 0)
      this.options.log.warn('没有设置 WECOM_CHAT_IDS 或 WECOM_ROBOT_KEYS：周报和廉洁提醒无处发送');
    await this.run('catch-up', () => this.catchUp());
    // A holder that died mid-job left work undone: whoever takes over catches up within a minute.
    if (this.options.lease)
      this.leaseTimer = setInterval(
        () => void this.run('catch-up', () => this.catchUp()),
        this.options.leaseCheckMs ?? 60_000,
      );
    await this.digestTask.start();
    await this.reminderTask.start();
    this.options.log.info(
      { digest: this.nextRun(this.digestTask), reminders: this.nextRun(this.reminderTask) },
      'schedule: next runs',
    );
  }

  async stop(): Promise<void> {
    clearInterval(this.leaseTimer);
    await this.digestTask.destroy();
    await this.reminderTask.destroy();
    await Promise.allSettled(this.jobs);
  }

  private async catchUp(): Promise<OutboxRecord[]> {
    const now = this.options.clock();
    return [...(await this.digestDue(now)), ...(await this.remindersDue(now)), ...(await this.dailyDue(now))];
  }

  /**
   * The digest job: once this week's DIGEST_CRON time has passed, this week's digest for every target
   * that has none, then its chart for every target that has none (queued apart, so drawing it never
   * holds up the text, and a chart that cannot be drawn leaves the text to go alone).
   */
  async digestDue(now: number): Promise<OutboxRecord[]> {
    await this.forgetFuture(now);
    if (!this.digestTimePassed(now)) return [];
    const { weeklyProducers = [], chart } = this.options;
    const period = isoWeek(now, this.options.timeZone).key;
    const pushes: Push[] = [];
    for (const group of await this.groupsMissing(period))
      pushes.push(...digestPushes(weeklyDigest(group.sections, now, this.settings()), group.targets));
    for (const produce of weeklyProducers) pushes.push(...(await produce(now)));
    const added = await this.enqueue(pushes);
    if (!chart) return added;
    const charts: Push[] = [];
    for (const group of await this.groupsMissing(chartPeriod(period))) {
      try {
        charts.push(...digestChartPushes(period, await chart(group.sections, now), group.targets));
      } catch (err) {
        this.options.log.error({ err, period }, 'schedule: digest chart could not be drawn; the text goes without it');
      }
    }
    return [...added, ...(await this.enqueue(charts))];
  }

  /**
   * Targets without a digest record for `period`, grouped by what they follow: targets that follow
   * the same ledgers share one digest, built once per group, not per target.
   */
  private async groupsMissing(
    period: string,
  ): Promise<Array<{ sections: readonly DigestSection[]; targets: Target[] }>> {
    const groups = new Map<string, { sections: readonly DigestSection[]; targets: Target[] }>();
    for (const target of this.options.targets) {
      if (await this.options.outbox.has(DIGEST_KIND, period, target)) continue;
      const sections = this.options.sections(target);
      if (!sections.length) continue;
      const key = sections.map((s) => s.code).join('\u0000');
      const group = groups.get(key) ?? { sections, targets: [] };
      group.targets.push(target);
      groups.set(key, group);
    }
    return [...groups.values()];
  }

  /**
   * The reminder job: every reminder whose send time (REMINDER_TIME on its send date) has passed
   * while its holiday has not begun. On the send date that is the daily run; later it is a catch-up.
   */
  async remindersDue(now: number): Promise<OutboxRecord[]> {
    await this.forgetFuture(now);
    const { date: today, time } = localTime(now, this.options.timeZone);
    const year = Number(today.slice(0, 4));
    const pushes: Push[] = [];
    // Next year's plan holds the 元旦 reminder sent this December.
    for (const planYear of [year, year + 1]) {
      for (const group of sharedBreaks(reminderPlan(planYear, this.options.festivals, this.options.overrides))) {
        const entry = group[0]!;
        const sendTimePassed = entry.send < today || (entry.send === today && time >= this.options.reminderTime);
        if (!sendTimePassed || today >= entry.holidayStart) continue;
        // One notice keyed by its first festival; any festival's key already there means it went out.
        const periods = group.map((e) => `${e.festival}-${planYear}`);
        for (const target of this.options.targets) {
          let sent = false;
          for (const period of periods) sent ||= await this.options.outbox.has(REMINDER_KIND, period, target);
          if (sent) continue;
          const message = markdownMessage(reminderText(group), target);
          pushes.push({ kind: REMINDER_KIND, period: periods[0]!, target, message });
        }
      }
    }
    return this.enqueue(pushes);
  }

  /**
   * The daily producers, once today's REMINDER_TIME has passed: a restart at 3 a.m. leaves them to the
   * 09:00 run instead of waking officers, and a restart later in the day catches up what was missed.
   */
  async dailyDue(now: number): Promise<OutboxRecord[]> {
    const { dailyProducers = [], timeZone, reminderTime } = this.options;
    if (!dailyProducers.length || localTime(now, timeZone).time < reminderTime) return [];
    await this.forgetFuture(now);
    const pushes: Push[] = [];
    for (const produce of dailyProducers) pushes.push(...(await produce(now)));
    return this.enqueue(pushes);
  }

  /** Pushes stamped in the future mean the clock ran fast and was set back: forget them, loudly. */
  private async forgetFuture(now: number): Promise<void> {
    const forgotten = await this.options.outbox.forgetFuture(PERIODIC_KINDS, now);
    if (forgotten.length)
      this.options.log.error(
        { forgotten },
        'CLOCK: scheduled pushes stamped in the future were forgotten; the clock ran fast and was set back',
      );
  }

  private digestTimePassed(now: number): boolean {
    for (
      let minute = isoWeek(now, this.options.timeZone).start;
      minute + this.secondOffsetMs <= now;
      minute += 60_000
    ) {
      if (this.digestTask.match(new Date(minute + this.secondOffsetMs))) return true;
    }
    return false;
  }

  /**
   * A fire node-cron missed (the machine slept, the loop was blocked) runs the job late rather than
   * never: the job itself decides whether anything is still due.
   */
  private task(name: string, expression: string, job: () => Promise<OutboxRecord[]>): ScheduledTask {
    const log = this.options.log;
    const logger = {
      info: (m: string) => log.info(m),
      warn: (m: string) => log.warn(m),
      error: (m: string | Error) => log.error(String(m)),
      debug: (m: string | Error) => log.debug(String(m)),
    };
    const task = cron.createTask(expression, () => this.run(name, job), {
      timezone: this.options.timeZone,
      noOverlap: true,
      name: `rectify-${name}`,
      logger,
    });
    task.on('execution:missed', () => {
      log.warn({ job: name }, 'schedule: missed a fire, running now');
      return this.run(name, job);
    });
    return task;
  }

  /** In the zone the expression is read in, so the log shows the time the operator configured. */
  private nextRun(task: ScheduledTask): string | undefined {
    const next = task.getNextRun();
    return next ? formatZoned(next.getTime(), this.options.timeZone) : undefined;
  }

  private settings(): DigestSettings {
    const { timeZone, festivals, overrides, pageUrl } = this.options;
    return { timeZone, festivals, overrides, ...(pageUrl !== undefined && { pageUrl }) };
  }

  private async enqueue(pushes: Push[]): Promise<OutboxRecord[]> {
    if (!pushes.length) return [];
    const added = await this.options.outbox.enqueue(pushes);
    for (const r of added) this.options.log.info({ id: r.id, parts: r.message.parts.length }, 'schedule: queued');
    return added;
  }

  /** Runs a job so stop() can wait for it, logging instead of throwing: a cron callback has no caller to tell. */
  private async run(name: string, job: () => Promise<OutboxRecord[]>): Promise<void> {
    const lease = this.options.lease;
    const running = (lease ? lease.hold().then((held) => (held ? job() : [])) : job()).catch((err: unknown) =>
      this.options.log.error({ job: name, err: (err as Error).message }, 'schedule: job failed'),
    );
    this.jobs.add(running);
    try {
      await running;
    } finally {
      this.jobs.delete(running);
    }
  }
}
