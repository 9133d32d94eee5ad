import { open, readFile, type FileHandle } from 'node:fs/promises';
import type { PushKind, Target } from '../../outbox/OutboxRecord.js';
import { PRIVATE_FILE } from './privateModes.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** What is kept of a delivered push: enough to refuse it again, not its text (nor a response URL). */
export interface SentMark {
  id: string;
  kind: PushKind;
  period: string;
  target: Target;
  /** When it was queued: a stamp in the future tells a clock that ran fast (absent in early lines). */
  createdAt?: number;
  sentAt: number;
  parts: number;
}

/**
 * outbox-sent.jsonl: one appended line per delivered push, so marking a push sent costs
 * one line whatever the history, and outbox.json holds only what is still to be delivered.
 */
export class SentLog {
  private constructor(
    private readonly file: string,
    private handle: FileHandle | undefined,
  ) {}

  /** A torn last line (a crash mid-append) was never followed by the outbox.json write: it is skipped. */
  static async open(file: string, readOnly: boolean): Promise<{ log: SentLog; marks: SentMark[] }> {
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw err;
    });
    const marks: SentMark[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        marks.push(JSON.parse(line) as SentMark);
      } catch {
        // only the last line can be torn; anything else would also fail JSON.parse of the rest
      }
    }
    return { log: new SentLog(file, readOnly ? undefined : await open(file, 'a', PRIVATE_FILE)), marks };
  }

  async append(marks: readonly SentMark[]): Promise<void> {
    if (!this.handle) throw new Error(`${this.file} 以只读方式打开`);
    await this.handle.write(marks.map((m) => `${JSON.stringify(m)}\n`).join(''));
    await this.handle.datasync();
  }

  /** Replaces the file with `marks` (after pruning), atomically. */
  async rewrite(marks: Iterable<SentMark>): Promise<void> {
    if (!this.handle) throw new Error(`${this.file} 以只读方式打开`);
    await this.handle.close();
    this.handle = undefined;
    let text = '';
    for (const m of marks) text += `${JSON.stringify(m)}\n`;
    await writeFileAtomic(this.file, text);
    this.handle = await open(this.file, 'a', PRIVATE_FILE);
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}
