import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writeFileAtomic } from './writeFileAtomic.js';
import { CorruptDataError } from '../CorruptDataError.js';

/** lowdb adapter: like lowdb's JSONFile, plus fsync, and a corrupt file is an error, not "empty". */
export class AtomicJsonFile<T> implements Adapter<T> {
  constructor(private readonly file: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new CorruptDataError(this.file, (err as Error).message);
    }
  }

  async write(data: T): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(data));
  }
}
