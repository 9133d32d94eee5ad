import type { LedgerSet } from '../ledger/LedgerSet.js';
import type { Festival } from '../schedule/festivals.js';
import type { HolidayOverrides } from '../schedule/reminderPlan.js';
import type { SentCard } from '../cards/CardStore.js';
import type { Card } from '../reply/Card.js';
import type { Reply } from '../reply/Reply.js';
import type { Roles } from './Roles.js';

/** Who may run a command at all. Item-level rights (an item's own officers) are checked by the command. */
export type Role = 'anyone' | 'admin';

export interface CommandContext {
  userId: string;
  /** Text after the command word, normalised (half-width digits, single spaces), may be ''. */
  args: string;
  /** Every ledger; commands that act on one item get its ledger from parseItemNo. */
  ledgers: LedgerSet;
  roles: Roles;
  /** Unix ms. */
  now: number;
  /** IANA zone the ledger's people live in, for every time shown. */
  timeZone: string;
  /**
   * What the scheduler uses, so a preview says what will really be sent — and whether anything will:
   * hasTargets is false when no chat or robot is configured.
   */
  schedule: { festivals: readonly Festival[]; overrides: HolidayOverrides; hasTargets: boolean };
  /** Id of the chat message being answered, so a retried message changes nothing twice. */
  msgId?: string;
  /** Answered in a group (the 智能机器人), where a reply may be a card everyone sees. */
  group?: true;
  /** Public base URL of the ledger page (PAGE_BASE_URL), for links in replies; absent when not set. */
  pageUrl?: string;
  /** Every registered command, for 帮助. */
  commands: readonly Command[];
  /**
   * Queues a private message to members through the outbox. Resolves true once it is on disk; false
   * when it could not be queued (the reply then says so: the change itself was already saved).
   */
  notify(userIds: readonly string[], text: string, key: string, card?: CardSpec): Promise<boolean>;
  /** Security log of refusals: who tried what, never the text they sent. */
  refused(what: string, itemNo?: number): void;
}

/**
 * A notice that is a card where the member's client shows cards: what it is for (kept with its
 * TaskId, so a click after a restart still knows) and the card, built once its TaskId is known.
 */
export interface CardSpec {
  purpose: SentCard['purpose'];
  refs: string[];
  /** The history event (seq) a decision card is about: see SentCard.basis. */
  basis?: number;
  build(taskId: string): Card;
}

export interface Command {
  /** The word people type, e.g. 进度. */
  name: string;
  aliases?: readonly string[];
  role: Role;
  /** One example per line for the help text, e.g. `进度 20  查看第20项`. */
  help: readonly string[];
  /** What to answer: a Reply, or a string for plain text. */
  run(ctx: CommandContext): Promise<Reply | string> | Reply | string;
}
