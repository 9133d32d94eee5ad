import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_LEDGER_ID, type LedgerFile } from '../../ledger/LedgerDoc.js';
import { LedgerSet } from '../../ledger/LedgerSet.js';
import { LedgerView } from '../../ledger/LedgerView.js';
import { DB_FILE } from './fileNames.js';
import { openMoreLedgers } from './openFileStorage.js';

/** A ledger on disk as an import sees it: where its files are and what people call it. */
export interface ShelvedLedger {
  id: string;
  dir: string;
  name: string;
  code: string;
}

/**
 * Every ledger of a data folder that has a first one, named and coded exactly as the running bot
 * would name and code them (the same LedgerSet does it), so an import never hands out a code in use.
 */
export async function readLedgerShelf(dataDir: string): Promise<ShelvedLedger[]> {
  const first = JSON.parse(await readFile(path.join(dataDir, DB_FILE), 'utf8')) as LedgerFile;
  const files = [
    { dir: dataDir, file: { ...first, id: first.id ?? DEFAULT_LEDGER_ID } },
    ...(await openMoreLedgers(dataDir)),
  ];
  const readOnly = () => Promise.reject(new Error('只读'));
  const set = new LedgerSet(files.map(({ file }) => new LedgerView(file, [], readOnly)));
  return set.all.map((l, i) => ({ id: l.id, dir: files[i]!.dir, name: l.name, code: l.code }));
}

/** A short folder name no ledger has: l2, l3 … (the first ledger's files are DATA_DIR's own). */
export function nextLedgerId(shelf: readonly ShelvedLedger[]): string {
  const ids = new Set(shelf.map((l) => l.id));
  for (let n = shelf.length + 1; ; n++) if (!ids.has(`l${n}`)) return `l${n}`;
}
