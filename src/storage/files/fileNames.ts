/** The files a DATA_DIR holds. */
export const DB_FILE = 'db.json';
export const EVENTS_FILE = 'events.jsonl';
export const OUTBOX_FILE = 'outbox.json';
/** One folder per ledger beyond the first, each with its own db.json and events.jsonl. */
export const LEDGERS_DIR = 'ledgers';
/** Ids of delivered pushes, one JSON line each: the exactly-once memory, apart from live records. */
export const SENT_FILE = 'outbox-sent.jsonl';
