import type { Clock } from '../clock.js';
import type { LedgerSet } from '../ledger/LedgerSet.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { Outbox } from '../outbox/Outbox.js';
import { type Reply, toReply } from '../reply/Reply.js';
import type { WeComApi } from '../wecom/WeComApi.js';
import { failureReply } from '../wecom/failureReply.js';
import { weComFailure } from '../wecom/weComFailure.js';
import { closestCommandWord, splitHead } from './closestCommandWord.js';
import type { CardSpec, CommandContext } from './Command.js';
import type { CardStore } from '../cards/CardStore.js';
import { taskIdFor } from '../cards/taskIdFor.js';
import type { CommandRegistry } from './CommandRegistry.js';
import type { Roles } from './Roles.js';

export interface TextRequest {
  userId: string;
  text: string;
  msgId?: string;
  /** Read by a whole group: a refusal then does not name the admins to everyone. */
  group?: boolean;
}

export interface DispatcherDeps {
  registry: CommandRegistry;
  ledgers: LedgerSet;
  roles: Roles;
  clock: Clock;
  log: Logger;
  timeZone: string;
  schedule: CommandContext['schedule'];
  outbox: Pick<Outbox, 'notify'>;
  api: Pick<WeComApi, 'sendFile' | 'keptFileAt'>;
  metrics?: Pick<Metrics, 'command'>;
  pageUrl?: string;
  /** Where cards' purposes are kept; without it notices stay text. */
  cards?: Pick<CardStore, 'addCards'>;
}

/** Text in, reply out. Knows nothing of XML, crypto or HTTP, so every chat surface shares it. */
export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  /** The reply, or undefined when the text is not a command (the caller decides whether to show help). */
  async tryCommand(request: TextRequest): Promise<Reply | undefined> {
    const match = this.deps.registry.match(request.text);
    if (!match) return undefined;
    const { command, args } = match;
    if (command.role === 'admin' && !this.deps.roles.isAdmin(request.userId)) {
      this.deps.log.warn({ user: request.userId, command: command.name }, 'refused: admin command');
      const refusal = `「${command.name}」只有管理员可以使用。`;
      // In a group everyone reads the answer: who the admins are is not theirs to learn.
      return toReply(
        request.group ? `${refusal}请联系管理员办理。` : `${refusal}\n管理员：${this.deps.roles.adminList()}`,
      );
    }
    const unsent: string[] = [];
    const context = this.context(request, args, unsent);
    const started = performance.now();
    const answer = toReply(await command.run(context));
    this.deps.metrics?.command(command.name, (performance.now() - started) / 1000);
    const reply = this.deliverFile(answer, context);
    return unsent.length && reply.type === 'text' ? { ...reply, text: `${reply.text}\n${unsent[0]}` } : reply;
  }

  /** Like tryCommand, but a near miss of a command word gets a did-you-mean, and anything else the help text. */
  async handle(request: TextRequest): Promise<Reply> {
    return (await this.tryCommand(request)) ?? this.didYouMean(request.text) ?? (await this.help(request));
  }

  private didYouMean(text: string): Reply | undefined {
    const { head, rest } = splitHead(text);
    const closest = closestCommandWord(head, this.deps.registry.commands);
    return closest && toReply(`你是不是想发「${closest.word}${rest}」？`);
  }

  private async help(request: TextRequest): Promise<Reply> {
    return (await this.tryCommand({ ...request, text: '帮助' })) ?? toReply('');
  }

  /**
   * A file goes to the member privately through the app, whichever surface asked; the surface gets
   * the caption. It is sent directly, not through the outbox: a snapshot delivered hours later after
   * an outage would be stale, so when sending fails the member is told to ask again.
   */
  private deliverFile(reply: Reply, ctx: CommandContext): Reply {
    if (reply.type !== 'file') return reply;
    const { api, log } = this.deps;
    void api.sendFile(ctx.userId, reply.filename, reply.bytes).catch((err: unknown) => {
      log.error({ err, user: ctx.userId, filename: reply.filename }, 'file not sent');
      const key = `file-failed:${ctx.msgId ?? ctx.now}`;
      const text = `${reply.label}发送失败（${weComFailure(err)}），请稍后再发「${reply.retry}」。`;
      // A notice that cannot be queued means the disk failed, which the next write reports.
      return ctx.notify([ctx.userId], text, key);
    });
    const kept = api.keptFileAt?.(reply.filename);
    return { type: 'text', text: kept ? `${reply.caption}\n演示模式：文件保存在 ${kept}` : reply.caption };
  }

  /** A card's purpose is on disk before the card is queued: a click can never find a card we forgot. */
  private async queueNotice(userIds: readonly string[], text: string, key: string, spec?: CardSpec): Promise<void> {
    const { outbox, cards, clock } = this.deps;
    if (!spec || !cards) return outbox.notify('notice', userIds, text, key);
    const at = clock();
    await cards.addCards(
      userIds.map((userId) => ({
        taskId: taskIdFor(key, userId),
        group: key,
        userId,
        purpose: spec.purpose,
        refs: spec.refs,
        at,
        ...(spec.basis !== undefined && { basis: spec.basis }),
      })),
    );
    return outbox.notify('notice', userIds, text, key, (userId) => spec.build(taskIdFor(key, userId)));
  }

  /** `unsent` collects what the reply must admit: a change saved whose notice could not be queued. */
  private context(request: TextRequest, args: string, unsent: string[] = []): CommandContext {
    const { ledgers, roles, clock, registry, timeZone, schedule } = this.deps;
    return {
      userId: request.userId,
      args,
      ledgers,
      roles,
      now: clock(),
      timeZone,
      schedule,
      ...(request.msgId !== undefined && { msgId: request.msgId }),
      ...(request.group && { group: true }),
      commands: registry.commands,
      ...(this.deps.pageUrl !== undefined && { pageUrl: this.deps.pageUrl }),
      notify: (userIds, text, key, card) =>
        this.queueNotice(userIds, text, key, card).then(
          () => true,
          (err: unknown) => {
            this.deps.log.error({ err, user: request.userId, key }, 'notice not queued');
            unsent.push(
              `注意：以上已保存，但给 ${userIds.join('、')} 的通知没能保存（${failureReply(err)}），对方不会收到。`,
            );
            return false;
          },
        ),
      refused: (what, itemNo) =>
        this.deps.log.warn({ user: request.userId, what, ...(itemNo !== undefined && { item: itemNo }) }, 'refused'),
    };
  }
}
