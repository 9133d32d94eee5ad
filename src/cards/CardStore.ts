import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PRIVATE_FILE } from '../storage/files/privateModes.js';

/** What a card is for: enough to act on a click after a restart, without trusting anything but the TaskId. */
export interface SentCard {
  taskId: string;
  /** Cards of one decision (one per admin) share it: the first decision closes all of them. */
  group: string;
  /** Who it was sent to; for a 进度 card in a group, who asked (everyone there sees it). */
  userId: string;
  purpose: 'decide' | 'assigned' | 'stale' | 'progress';
  /** What follows a command word for the item(s): 「21」, 「审21」; several for a stale reminder. */
  refs: string[];
  at: number;
}

type Line =
  | ({ t: 'card' } & SentCard)
  | { t: 'code'; taskId: string; code: string; at: number }
  | { t: 'spent'; code: string }
  | { t: 'done'; group: string; outcome: string };

/** WeCom: a response_code serves one update_template_card call, within 72 hours. */
export const RESPONSE_CODE_MS = 72 * 3_600_000;

/**
 * The TaskId → purpose memory, with each card's response_code and each decision's outcome:
 * append-only lines in DATA_DIR/cards.jsonl, each fsynced before the card is queued or the click
 * answered, so a click arriving after a restart finds what its card was for.
 */
export class CardStore {
  private readonly cards = new Map<string, SentCard>();
  private readonly codes = new Map<string, { code: string; at: number }>();
  private readonly spent = new Set<string>();
  private readonly done = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {}

  static async open(dataDir: string): Promise<CardStore> {
    const store = new CardStore(path.join(dataDir, 'cards.jsonl'));
    const text = await readFile(store.file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw err;
    });
    for (const raw of text.split('\n')) {
      // A torn last line was never confirmed to anyone: skip it like the history does.
      if (!raw.trim()) continue;
      try {
        store.apply(JSON.parse(raw) as Line);
      } catch {}
    }
    return store;
  }

  get(taskId: string): SentCard | undefined {
    return this.cards.get(taskId);
  }

  group(group: string): SentCard[] {
    return [...this.cards.values()].filter((c) => c.group === group);
  }

  outcome(group: string): string | undefined {
    return this.done.get(group);
  }

  /** The card's unspent response_code from message/send, or undefined when spent, expired or never given. */
  code(taskId: string, now: number): string | undefined {
    const c = this.codes.get(taskId);
    return c && !this.spent.has(c.code) && now - c.at < RESPONSE_CODE_MS ? c.code : undefined;
  }

  isSpent(code: string): boolean {
    return this.spent.has(code);
  }

  addCards(cards: readonly SentCard[]): Promise<void> {
    return this.write(cards.filter((c) => !this.cards.has(c.taskId)).map((c) => ({ t: 'card', ...c })));
  }

  addCode(taskId: string, code: string, at: number): Promise<void> {
    return this.write([{ t: 'code', taskId, code, at }]);
  }

  markSpent(code: string): Promise<void> {
    return this.write([{ t: 'spent', code }]);
  }

  markDone(group: string, outcome: string): Promise<void> {
    return this.write([{ t: 'done', group, outcome }]);
  }

  private apply(line: Line): void {
    if (line.t === 'card') {
      const { t: _, ...card } = line;
      this.cards.set(card.taskId, card);
    } else if (line.t === 'code') this.codes.set(line.taskId, { code: line.code, at: line.at });
    else if (line.t === 'spent') this.spent.add(line.code);
    else if (!this.done.has(line.group)) this.done.set(line.group, line.outcome);
  }

  /** One writer at a time; memory changes only after the lines are on disk. */
  private write(lines: readonly Line[]): Promise<void> {
    if (!lines.length) return Promise.resolve();
    const next = this.queue.then(async () => {
      const handle = await open(this.file, 'a', PRIVATE_FILE);
      try {
        await handle.appendFile(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
        await handle.sync();
      } finally {
        await handle.close();
      }
      for (const line of lines) this.apply(line);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
