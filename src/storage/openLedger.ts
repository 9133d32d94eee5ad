import { LedgerView } from '../ledger/LedgerView.js';
import { type FileStorageOptions, openFileStorage } from './files/openFileStorage.js';
import type { Storage } from './Storage.js';

export interface OpenedLedger {
  storage: Storage;
  ledger: LedgerView;
}

/** The one opener of a data folder: its storage, and the ledger view built on it. */
export async function openLedger(dataDir: string, options: FileStorageOptions): Promise<OpenedLedger> {
  const storage = await openFileStorage(dataDir, options);
  const ledger = new LedgerView(storage.ledger, storage.history, (events) => storage.appendEvents(events));
  return { storage, ledger };
}
