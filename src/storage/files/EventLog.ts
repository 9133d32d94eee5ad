import { createReadStream } from 'node:fs';
import { open, stat, truncate, type FileHandle } from 'node:fs/promises';
import type { ItemEvent } from '../../ledger/item.js';
import { CorruptDataError } from '../CorruptDataError.js';
import { asStorageFault, StorageFault } from '../StorageFault.js';
import { PRIVATE_FILE } from './privateModes.js';

interface Waiting {
  line: string;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Item history as an append-only JSON-lines file beside the lowdb document. lowdb rewrites its
 * whole file on every write; history grows without bound, so it lives where a write costs one
 * appended line and one fsync whatever the ledger's size. A batch (one message's events) is one
 * line holding an array, so a crash can never keep half of it. Appends that arrive while an fsync
 * is under way share the next one (group commit): under load an update waits for one fsync, not a queue of them.
 */
export class EventLog {
  private waiting: Waiting[] = [];
  private flushing?: Promise<void>;
  /** Set while the file may hold bytes past `size` that no one was promised: cut before the next append. */
  private dirty = false;
  private moved?: StorageFault;

  private constructor(
    private readonly file: string,
    private readonly handle?: FileHandle,
    /** Bytes of whole, confirmed lines. */
    private size = 0,
    private readonly identity?: { dev: number; ino: number },
  ) {}

  /** Reads every event. A torn last line (a crash mid-append) was never confirmed: it is cut off. */
  static async open(file: string, readOnly = false): Promise<{ log: EventLog; events: ItemEvent[] }> {
    const events = await readEvents(file, !readOnly);
    if (readOnly) return { log: new EventLog(file), events };
    const handle = await open(file, 'a', PRIVATE_FILE);
    const { size, dev, ino } = await handle.stat();
    return { log: new EventLog(file, handle, size, { dev, ino }), events };
  }

  /** Resolves once the events are on disk (after fsync), in call order. */
  append(events: readonly ItemEvent[]): Promise<void> {
    if (!this.handle) return Promise.reject(new Error(`${this.file} 以只读方式打开`));
    const line = `${JSON.stringify(events.length === 1 ? events[0] : events)}\n`;
    return new Promise((resolve, reject) => {
      this.waiting.push({ line, resolve, reject });
      this.flushing ??= this.flush(this.handle!);
    });
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle?.close();
  }

  private async flush(handle: FileHandle): Promise<void> {
    while (this.waiting.length) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.writeLines(handle, batch.map((w) => w.line).join(''));
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(asStorageFault(err, this.file) ?? err);
      }
    }
    this.flushing = undefined;
  }

  /**
   * A short or failed write leaves a fragment no one was promised; the next line appended onto it
   * would make the file unreadable at start. So the file goes back to its last whole line first,
   * and if even that fails, every later append tries again before writing.
   */
  private async writeLines(handle: FileHandle, text: string): Promise<void> {
    await this.checkSameFile();
    if (this.dirty) {
      await handle.truncate(this.size);
      this.dirty = false;
    }
    const bytes = Buffer.from(text);
    this.dirty = true;
    try {
      const { bytesWritten } = await handle.write(bytes);
      if (bytesWritten !== bytes.length) {
        throw new StorageFault('full', `${this.file}：只写入了 ${bytesWritten}/${bytes.length} 字节`);
      }
      await handle.datasync();
      // A file removed during the write took these lines with it: they are not confirmed either.
      await this.checkSameFile();
    } catch (err) {
      await handle.truncate(this.size).then(
        () => (this.dirty = false),
        () => undefined,
      );
      throw err;
    }
    this.dirty = false;
    this.size += bytes.length;
  }

  /**
   * Our descriptor outlives an unlink or a rename over the path: writes would land in a file no one
   * will read again. Once noticed, nothing more is confirmed until a restart looks at the folder.
   */
  private async checkSameFile(): Promise<void> {
    if (this.moved) throw this.moved;
    const now = await stat(this.file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (now && now.dev === this.identity?.dev && now.ino === this.identity.ino) return;
    this.moved = new StorageFault('moved', `${this.file} 在运行中被${now ? '替换' : '删除'}，之后的写入全部拒绝`);
    throw this.moved;
  }
}

/**
 * Streams the file in chunks: reading 20 MB of history in one piece would triple the heap at
 * start-up. Lines are cut on the newline byte, so a tail torn inside a character is measured right.
 */
async function readEvents(file: string, repair: boolean): Promise<ItemEvent[]> {
  const events: ItemEvent[] = [];
  let partial: Buffer = Buffer.alloc(0);
  let complete = 0; // bytes of whole lines so far
  let lineNo = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      const buf = partial.length ? Buffer.concat([partial, chunk as Buffer]) : (chunk as Buffer);
      let start = 0;
      for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, start)) {
        for (const e of parseLine(file, buf.toString('utf8', start, nl), ++lineNo)) events.push(e);
        start = nl + 1;
      }
      complete += start;
      partial = buf.subarray(start);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  // What follows the last newline never finished its append.
  if (partial.length && repair) await truncate(file, complete);
  return events;
}

function parseLine(file: string, line: string, lineNo: number): ItemEvent[] {
  try {
    const parsed = JSON.parse(line) as ItemEvent | ItemEvent[];
    const events = Array.isArray(parsed) ? parsed : [parsed];
    if (events.length > 0 && events.every(isEvent)) return events;
  } catch {
    // fall through: a complete line that does not parse is damage, not a torn write
  }
  throw new CorruptDataError(
    file,
    `第 ${lineNo} 行无法解析`,
    undefined,
    `历史记录只追加、不另做备份：请检查第 ${lineNo} 行（损坏的行可删除），再重新启动。`,
  );
}

function isEvent(e: ItemEvent): boolean {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.seq === 'number' &&
    typeof e.itemNo === 'number' &&
    typeof e.type === 'string'
  );
}
