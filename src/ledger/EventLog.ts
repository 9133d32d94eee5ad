import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import type { ItemEvent } from './item.js';
import { CorruptDataError } from './CorruptDataError.js';

/**
 * Item history as an append-only JSON-lines file beside the lowdb document. lowdb rewrites its
 * whole file on every write; history grows without bound, so it lives where a write costs one
 * appended line and one fsync whatever the ledger's size. A batch (one message's events) is one
 * line holding an array, so a crash can never keep half of it.
 */
export class EventLog {
  private constructor(private readonly file: string, private readonly handle?: FileHandle) {}

  /** Reads every event. A torn last line (a crash mid-append) was never confirmed: it is cut off. */
  static async open(file: string, readOnly = false): Promise<{ log: EventLog; events: ItemEvent[] }> {
    const events = await readEvents(file, !readOnly);
    return { log: new EventLog(file, readOnly ? undefined : await open(file, 'a')), events };
  }

  async append(events: readonly ItemEvent[]): Promise<void> {
    if (!this.handle) throw new Error(`${this.file} 以只读方式打开`);
    await this.handle.write(JSON.stringify(events.length === 1 ? events[0] : events) + '\n');
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    await this.handle?.close();
  }

  get path(): string {
    return this.file;
  }
}

async function readEvents(file: string, repair: boolean): Promise<ItemEvent[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const lines = text.split('\n');
  const tail = lines.pop()!; // '' when the file ends with a newline, as every complete append does
  const events = lines.flatMap((line, i) => parseLine(file, line, i + 1));
  if (tail !== '' && repair) await truncate(file, Buffer.byteLength(text) - Buffer.byteLength(tail));
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
  throw new CorruptDataError(file, `第 ${lineNo} 行无法解析`);
}

function isEvent(e: ItemEvent): boolean {
  return typeof e === 'object' && e !== null && typeof e.seq === 'number' && typeof e.itemNo === 'number' && typeof e.type === 'string';
}
