/**
 * What the bot keeps on disk, read the way an auditor would: straight from the files, not through
 * the store, so a test sees what survives a crash rather than what the process remembers.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DB_FILE, EVENTS_FILE } from '../../src/storage/files/fileNames.js';
import type { ItemEvent } from '../../src/ledger/item.js';

/** The exact bytes of the ledger and its history; a refused request must leave both as they were. */
export async function dataSnapshot(dataDir: string): Promise<Record<string, string>> {
  const read = (file: string) => readFile(path.join(dataDir, file), 'utf8').catch(() => '<absent>');
  return { [DB_FILE]: await read(DB_FILE), [EVENTS_FILE]: await read(EVENTS_FILE) };
}

/** Every event in events.jsonl, oldest first. */
export async function eventsOnDisk(dataDir: string): Promise<ItemEvent[]> {
  const text = await readFile(path.join(dataDir, EVENTS_FILE), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ItemEvent);
}
