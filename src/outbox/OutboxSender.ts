import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import { postResponseUrl } from '../wecom/postResponseUrl.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { Card } from '../reply/Card.js';
import { AIBOT_CARD_LIMITS, templateCardBody } from '../reply/templateCardBody.js';
import { wireBody } from '../reply/wireBody.js';
import { isPermanent, isRateLimited, isRecipientRefused, WeComApiError } from '../wecom/errors.js';
import type { WeComApi } from '../wecom/WeComApi.js';
import type { Outbox } from './Outbox.js';
import type { OutboxMedia } from './OutboxMedia.js';
import type { ImageMessage, OutboxMessage, OutboxRecord, Target } from './OutboxRecord.js';
import { robotKeyHash } from './pushTargets.js';
import { lane } from './lane.js';
import { targetKey } from './targetKey.js';
import { UploadCache } from './UploadCache.js';

export interface OutboxSenderOptions {
  outbox: Outbox;
  api: WeComApi;
  agentId: string;
  /** Key hash (see pushTargets) → robot webhook key (secret; never stored in the outbox). */
  robotKeys: ReadonlyMap<string, string>;
  /** Where image records' pictures are kept. */
  media: OutboxMedia;
  clock: Clock;
  log: Logger;
  /** Told once when WeCom refuses a member for good, so someone fixes the userid or the app's visibility. */
  admins?: readonly string[];
  metrics?: Pick<Metrics, 'sendError' | 'digestSent'>;
  /** Hears the response_code WeCom returns for a sent card: the one way to update it later. */
  onCardSent?(taskId: string, responseCode: string): Promise<void>;
}

const RATE_LIMIT_PAUSE_MS = 5 * 60_000;
const MAX_PAUSE_MS = 30 * 60_000;
const MAX_ATTEMPTS = 20;
/** The robot webhook's limit for an image, before Base64. */
const ROBOT_IMAGE_MAX = 2 * 1024 * 1024;
/** Delivered records leave the store as they are marked; this sweep catches expired memory and old files. */
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Delivers pending outbox records part by part, one lane per target channel (see `lane`): inside a
 * lane one record at a time, in the order queued; lanes run side by side, so a hung chat cannot
 * hold up a late reply. A part counts as delivered only after WeCom answered errcode 0, and that is
 * on disk before the next part goes out.
 */
export class OutboxSender {
  private readonly lanes = new Map<string, { running: Promise<void>; again: boolean }>();
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private prunedAt = -Infinity;
  private readonly uploads: UploadCache;

  constructor(private readonly options: OutboxSenderOptions) {
    this.uploads = new UploadCache(options.clock);
    // A disk that refuses the outbox's own writes must not crash the process: the records wait on disk.
    options.outbox.onEnqueue(() => this.kickLogged());
  }

  /** For callers with no one to tell: a store that refuses (a full disk, a database away) is logged, not thrown. */
  private kickLogged(): void {
    void this.kick().catch((err: unknown) => this.options.log.error({ err }, 'outbox: pass failed'));
  }

  /** Starts each lane with something due unless it runs (then it runs once more). Resolves when every lane is idle. */
  async kick(): Promise<void> {
    if (this.stopped) return;
    await this.pruneHourly();
    for (const record of await this.options.outbox.pending(this.options.clock())) this.startLane(lane(record.target));
    while (this.lanes.size) await Promise.all([...this.lanes.values()].map((l) => l.running));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all([...this.lanes.values()].map((l) => l.running));
  }

  private startLane(name: string): void {
    const running = this.lanes.get(name);
    if (running) {
      running.again = true;
      return;
    }
    const state = { running: Promise.resolve(), again: false };
    state.running = this.drain(name, state)
      .catch((err: unknown) =>
        this.options.log.error({ err, lane: name }, 'outbox: lane stopped; it resumes on the next wake'),
      )
      .finally(() => {
        this.lanes.delete(name);
        void this.schedule();
      });
    this.lanes.set(name, state);
  }

  private async drain(name: string, state: { again: boolean }): Promise<void> {
    do {
      state.again = false;
      for (const record of await this.options.outbox.pending(this.options.clock())) {
        if (this.stopped) return;
        if (lane(record.target) !== name) continue;
        if (await this.options.outbox.isDue(record.id, this.options.clock())) await this.deliver(record);
      }
    } while (state.again && !this.stopped);
  }

  private async pruneHourly(): Promise<void> {
    if (this.options.clock() - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = this.options.clock();
    const dropped = await this.options.outbox.prune(this.prunedAt);
    // A picture stays while a record that may still be sent (pending, failed and retried by hand) names it.
    const waiting = (await this.options.outbox.all()).filter(
      (r) => r.state !== 'sent' && r.message.msgtype === 'image',
    );
    const pictures = await this.options.media.prune(
      new Set(waiting.map((r) => r.message.parts[0]!)),
      this.prunedAt - PRUNE_EVERY_MS,
    );
    if (dropped || pictures) this.options.log.info({ dropped, pictures }, 'outbox: pruned');
  }

  private async deliver(record: OutboxRecord): Promise<void> {
    const { outbox, clock, log } = this.options;
    try {
      const total = record.message.parts.length;
      for (let part = record.partsSent ?? 0; part < total; part++) {
        await this.send(record.target, record.message, part, record.id);
        // One write per part, the last one also closing the record. A part goes out twice only if
        // the process dies between WeCom's errcode 0 and this write, or if a request timed out
        // after WeCom got it; message/send's duplicate check absorbs both, appchat and robots cannot.
        const done = part + 1 === total;
        await outbox.mark(
          record.id,
          done
            ? {
                partsSent: part + 1,
                state: 'sent',
                sentAt: clock(),
                attempts: record.attempts + 1,
                nextAttemptAt: undefined,
              }
            : { partsSent: part + 1 },
        );
      }
      if (record.kind === 'digest') this.options.metrics?.digestSent(clock());
      log.info({ id: record.id }, 'outbox: sent');
    } catch (err) {
      await this.failed(record, err);
    }
  }

  private async failed(record: OutboxRecord, err: unknown): Promise<void> {
    const attempts = record.attempts + 1;
    this.options.metrics?.sendError(err instanceof WeComApiError ? err.errcode : undefined);
    const rateLimited = isRateLimited(err);
    const pause = Math.min(MAX_PAUSE_MS, (rateLimited ? RATE_LIMIT_PAUSE_MS : 60_000) * 2 ** (attempts - 1));
    const giveUp = isPermanent(err) || attempts >= MAX_ATTEMPTS;
    const until = this.options.clock() + pause;
    const lastError = (err as Error).message;
    await this.options.outbox.mark(
      record.id,
      giveUp ? { attempts, lastError, state: 'failed' } : { attempts, lastError, nextAttemptAt: until },
    );
    // The limit is the app's or the robot's, not the record's: the rest of that channel waits too.
    if (rateLimited) await this.options.outbox.defer((r) => channel(r.target) === channel(record.target), until);
    if (record.target.kind === 'user' && isRecipientRefused(err)) await this.tellAdmins(record.target.userId, err);
    this.options.log[giveUp ? 'error' : 'warn'](
      { id: record.id, attempts, err: (err as Error).message },
      giveUp ? 'outbox: gave up' : 'outbox: will retry',
    );
  }

  /** Once per member (the key is the userid): a refused admin gets it too, and it fails once more, quietly. */
  private async tellAdmins(userId: string, err: unknown): Promise<void> {
    const admins = this.options.admins ?? [];
    if (!admins.length) return;
    const text =
      `成员 ${userId} 收不到机器人的消息（企业微信错误 ${(err as WeComApiError).errcode}），发给他的通知已停发。` +
      '请检查 userid 是否正确、是否在应用可见范围内。';
    await this.options.outbox.notify('notice', admins, text, `refused:${userId.toLowerCase()}`);
  }

  private async send(target: Target, message: OutboxMessage, part: number, id: string): Promise<unknown> {
    const body =
      message.msgtype === 'image'
        ? await this.imageBody(target, message)
        : wireBody(message.msgtype, message.parts[part]!);
    switch (target.kind) {
      case 'user':
        if (message.msgtype !== 'image' && message.card) return this.sendCard(target.userId, message.card);
        return this.toMember(target.userId, body);
      case 'chat':
        return this.options.api.post('appchat/send', { chatid: target.chatId, ...body });
      case 'robot': {
        const key = this.options.robotKeys.get(robotKeyHash(target.keyId));
        if (!key)
          throw new WeComApiError('webhook/send', 93000, `robot key ${target.keyId} is no longer configured (${id})`);
        return this.options.api.robot(key, body);
      }
      case 'response':
        // Not through `api`: the URL is WeCom's own, carries its own credential and needs no token.
        if (message.msgtype !== 'image' && message.card) return this.cardOrText(target.url, message.card, body);
        return postResponseUrl(target.url, body);
    }
  }

  /**
   * A card WeCom answers with an errcode (its content refused, not a connection lost) most likely left
   * the one-use URL unspent, so the markdown that stands for the card goes instead (UNVERIFIED: README).
   */
  private async cardOrText(url: string, card: Card, markdown: Record<string, unknown>): Promise<void> {
    try {
      await postResponseUrl(url, aibotCard(card));
    } catch (err) {
      if (!(err instanceof WeComApiError)) throw err;
      this.options.log.warn({ err: err.message, taskId: card.taskId }, 'outbox: card refused, markdown instead');
      await postResponseUrl(url, markdown);
    }
  }

  /** A robot takes the picture inline; the app sends a media_id it uploaded (once per file, see UploadCache). */
  private async imageBody(target: Target, image: ImageMessage): Promise<Record<string, unknown>> {
    const png = await this.options.media.read(image);
    if (target.kind === 'response') throw new WeComApiError('aibot/response', 40008, 'a response_url takes no image');
    if (target.kind === 'robot') {
      if (png.length > ROBOT_IMAGE_MAX) throw new WeComApiError('webhook/send', 40009, 'image larger than 2 MB');
      const md5 = createHash('md5').update(png).digest('hex');
      return { msgtype: 'image', image: { base64: png.toString('base64'), md5 } };
    }
    const file = image.parts[0];
    const mediaId = await this.uploads.mediaId(file, () => this.options.api.uploadMedia('image', file, png));
    return { msgtype: 'image', image: { media_id: mediaId } };
  }

  /** WeCom drops an identical message/send inside the interval: a resend after a lost answer is not a duplicate. */
  private toMember(userId: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.options.api.post('message/send', {
      touser: userId,
      agentid: Number(this.options.agentId),
      ...body,
      enable_duplicate_check: 1,
      duplicate_check_interval: 1800,
    });
  }

  /** A card is one part; its response_code is kept before the part counts as delivered. */
  private async sendCard(userId: string, card: Card): Promise<unknown> {
    const answer = await this.toMember(userId, { msgtype: 'template_card', template_card: templateCardBody(card) });
    const code = answer.response_code;
    if (typeof code === 'string' && code) await this.options.onCardSent?.(card.taskId, code);
    return answer;
  }

  private async schedule(): Promise<void> {
    clearTimeout(this.timer);
    if (this.stopped) return; // its store may be closed already
    // A store that cannot answer now (a database restarting) is asked again at the next enqueue.
    const wake = await this.options.outbox
      .nextWake()
      .catch((err: unknown) => void this.options.log.error({ err }, 'outbox: no wake'));
    clearTimeout(this.timer);
    if (wake === undefined || this.stopped) return;
    this.timer = setTimeout(() => this.kickLogged(), Math.max(0, wake - this.options.clock()));
    this.timer.unref();
  }
}

/** A response_url takes a card whole, in place of the markdown parts that stand for it elsewhere (101138). */
function aibotCard(card: Card): Record<string, unknown> {
  return { msgtype: 'template_card', template_card: templateCardBody(card, AIBOT_CARD_LIMITS) };
}

/** Records that share a rate limit: every app API call counts against the app; each robot has its own. */
function channel(target: Target): string {
  return target.kind === 'user' || target.kind === 'chat' ? 'app' : targetKey(target);
}
