import type { Clock } from '../clock.js';
import type { LedgerStore } from '../ledger/LedgerStore.js';
import type { Logger } from '../log.js';
import { fitBytes } from './fitBytes.js';
import type { CommandContext } from './Command.js';
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
  store: LedgerStore;
  roles: Roles;
  clock: Clock;
  log: Logger;
  timeZone: string;
  schedule: CommandContext['schedule'];
  notify: CommandContext['notify'];
  sendFile: CommandContext['sendFile'];
}

/** WeCom's limit for a text message, in UTF-8 bytes. */
const TEXT_LIMIT = 2048;

/** Text in, reply out. Knows nothing of XML, crypto or HTTP, so every chat surface shares it. */
export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  /** The reply, or undefined when the text is not a command (the caller decides whether to show help). */
  async tryCommand(request: TextRequest): Promise<string | undefined> {
    const match = this.deps.registry.match(request.text);
    if (!match) return undefined;
    const { command, args } = match;
    if (command.role === 'admin' && !this.deps.roles.isAdmin(request.userId)) {
      this.deps.log.warn({ user: request.userId, command: command.name }, 'refused: admin command');
      const refusal = `「${command.name}」只有管理员可以使用。`;
      return request.group ? `${refusal}请联系管理员办理。` : `${refusal}\n管理员：${this.deps.roles.adminList()}`;
    }
    // One place enforces WeCom's text limit, so no command can produce a reply WeCom would cut.
    return fitBytes(await command.run(this.context(request, args)), TEXT_LIMIT);
  }

  /** Like tryCommand, but anything that is not a command gets the help text. */
  async handle(request: TextRequest): Promise<string> {
    return (await this.tryCommand(request)) ?? (await this.help(request));
  }

  private help(request: TextRequest): Promise<string> {
    return this.tryCommand({ ...request, text: '帮助' }).then((reply) => reply ?? '');
  }

  private context(request: TextRequest, args: string): CommandContext {
    const { store, roles, clock, notify, sendFile, registry, timeZone, schedule } = this.deps;
    return {
      userId: request.userId,
      args,
      store,
      roles,
      now: clock(),
      timeZone,
      schedule,
      ...(request.msgId !== undefined && { msgId: request.msgId }),
      commands: registry.commands,
      notify,
      sendFile,
      refused: (what, itemNo) =>
        this.deps.log.warn({ user: request.userId, what, ...(itemNo !== undefined && { item: itemNo }) }, 'refused'),
    };
  }
}
