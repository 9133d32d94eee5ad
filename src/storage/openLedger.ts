import { LedgerView } from '../ledger/LedgerView.js';
import { type FileStorageOptions, openFileStorage } from './files/openFileStorage.js';
import type { DatabaseOptions } from './postgres/createPool.js';
import { openPgStorage } from './postgres/openPgStorage.js';
import type { Storage } from './Storage.js';

export interface OpenedLedger {
  storage: Storage;
  ledger: LedgerView;
}

export interface OpenLedgerOptions extends FileStorageOptions {
  /** Set: the ledger lives in PostgreSQL and DATA_DIR keeps only evidence photos (and holiday overrides). */
  database?: DatabaseOptions | undefined;
}

/** The one opener of a ledger: its storage (files in DATA_DIR, or PostgreSQL), and the view built on it. */
export async function openLedger(dataDir: string, options: OpenLedgerOptions): Promise<OpenedLedger> {
  const { database, ...rest } = options;
  const storage = database
    ? await openPgStorage(database, { ...rest, evidenceRoot: dataDir })
    : await openFileStorage(dataDir, rest);
  const ledger = new LedgerView(storage.ledger, storage.history, (events) => storage.appendEvents(events));
  storage.follow?.((events) => ledger.applyAppended(events));
  return { storage, ledger };
}
