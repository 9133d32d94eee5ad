import { LedgerSet } from '../ledger/LedgerSet.js';
import { LedgerView } from '../ledger/LedgerView.js';
import { type FileStorageOptions, openFileStorage } from './files/openFileStorage.js';
import type { DatabaseOptions } from './postgres/createPool.js';
import { openPgStorage } from './postgres/openPgStorage.js';
import type { Storage } from './Storage.js';

export interface OpenedLedger {
  storage: Storage;
  ledgers: LedgerSet;
  /** The first ledger: the only one in a folder that never imported a second. */
  ledger: LedgerView;
}

export interface OpenLedgerOptions extends FileStorageOptions {
  /** Set: the ledgers live in PostgreSQL and DATA_DIR keeps only evidence photos (and holiday overrides). */
  database?: DatabaseOptions | undefined;
}

/** The one opener of the ledgers: their storage (files in DATA_DIR, or PostgreSQL), and the views built on it. */
export async function openLedger(dataDir: string, options: OpenLedgerOptions): Promise<OpenedLedger> {
  const { database, ...rest } = options;
  const storage = database
    ? await openPgStorage(database, { ...rest, evidenceRoot: dataDir })
    : await openFileStorage(dataDir, rest);
  const ledgers = new LedgerSet(
    storage.ledgers.map(
      ({ file, history }) =>
        new LedgerView(file, history, (events, guard) => storage.appendEvents(file.id, events, guard)),
    ),
    options.readOnly ? undefined : (id, archived) => storage.setArchived(id, archived),
  );
  storage.follow?.((ledgerId, events) => ledgers.byId(ledgerId)?.applyAppended(events));
  storage.followArchived?.((ledgerId, archived) => {
    const ledger = ledgers.byId(ledgerId);
    if (ledger) ledger.archived = archived;
  });
  return { storage, ledgers, ledger: ledgers.first };
}
