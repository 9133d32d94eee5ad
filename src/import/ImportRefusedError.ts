/** A file that cannot become a ledger: wrong kind, unreadable, or without a single item. Nothing was written. */
export class ImportRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefusedError';
  }
}
