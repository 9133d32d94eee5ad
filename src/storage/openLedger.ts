import { LedgerSet } from '../ledger/LedgerSet.js';
import { LedgerView } from '../ledger/LedgerView.js';
import { type FileStorageOptions, openFileStorage } from './files/openFileStorage.js';
import type { Storage } from './Storage.js';

export interface OpenedLedger {
  storage: Storage;
  ledgers: LedgerSet;
  /** The first ledger: the only one in a folder that never imported a second. */
  ledger: LedgerView;
}

/** The one opener of a data folder: its storage, and the ledger views built on it. */
export async function openLedger(dataDir: string, options: FileStorageOptions): Promise<OpenedLedger> {
  const storage = await openFileStorage(dataDir, options);
  const ledgers = new LedgerSet(
    storage.ledgers.map(
      ({ file, history }) => new LedgerView(file, history, (events) => storage.appendEvents(file.id, events)),
    ),
    options.readOnly ? undefined : (id, archived) => storage.setArchived(id, archived),
  );
  return { storage, ledgers, ledger: ledgers.first };
}
