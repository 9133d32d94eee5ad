import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { lane } from './outbox/lane.js';
import type { OutboxRecord } from './outbox/OutboxRecord.js';

/** What /metrics shows of one running bot, in Prometheus text format. Each bot has its own registry. */
export class Metrics {
  readonly registry = new Registry();
  private readonly callbacks = new Counter({
    name: 'rectify_callbacks_total',
    help: 'Callbacks answered, by route and result (ok 2xx, refused 4xx, error 5xx)',
    labelNames: ['route', 'result'],
    registers: [this.registry],
  });
  private readonly commands = new Histogram({
    name: 'rectify_command_duration_seconds',
    help: 'Time to answer a chat command, by command',
    labelNames: ['command'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly sendErrors = new Counter({
    name: 'rectify_outbox_send_errors_total',
    help: 'Failed outbox deliveries, by WeCom errcode ("network" when WeCom did not answer)',
    labelNames: ['errcode'],
    registers: [this.registry],
  });
  private readonly lastDigest = new Gauge({
    name: 'rectify_last_digest_sent_timestamp_seconds',
    help: 'When the last weekly digest message was delivered (unix seconds)',
    registers: [this.registry],
  });

  /** `pending` lists the outbox's pending records; `now` is the bot's clock. */
  constructor(pending: () => Promise<readonly OutboxRecord[]>, writeFailures: () => number, now: () => number) {
    new Gauge({
      name: 'rectify_disk_write_failures_total',
      help: 'Writes to DATA_DIR that failed since the bot started',
      registers: [this.registry],
      collect() {
        this.set(writeFailures());
      },
    });
    const byLane = async () => {
      const out = new Map<string, { depth: number; oldest: number }>();
      for (const r of await pending()) {
        const l = out.get(lane(r.target)) ?? { depth: 0, oldest: r.createdAt };
        out.set(lane(r.target), { depth: l.depth + 1, oldest: Math.min(l.oldest, r.createdAt) });
      }
      return out;
    };
    new Gauge({
      name: 'rectify_outbox_depth',
      help: 'Pending outbox records, by lane',
      labelNames: ['lane'],
      registers: [this.registry],
      async collect() {
        const lanes = await byLane();
        this.reset();
        for (const [name, l] of lanes) this.set({ lane: name }, l.depth);
      },
    });
    new Gauge({
      name: 'rectify_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest pending outbox record, by lane',
      labelNames: ['lane'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [name, l] of await byLane()) this.set({ lane: name }, (now() - l.oldest) / 1000);
      },
    });
  }

  callback(route: string, status: number): void {
    this.callbacks.inc({ route, result: status < 400 ? 'ok' : status < 500 ? 'refused' : 'error' });
  }

  command(name: string, seconds: number): void {
    this.commands.observe({ command: name }, seconds);
  }

  sendError(errcode: number | undefined): void {
    this.sendErrors.inc({ errcode: errcode === undefined ? 'network' : String(errcode) });
  }

  digestSent(at: number): void {
    this.lastDigest.set(at / 1000);
  }
}
