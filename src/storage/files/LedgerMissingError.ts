/** DATA_DIR holds no ledger yet, and this opener may not create one. */
export class LedgerMissingError extends Error {}
