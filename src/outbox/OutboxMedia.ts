import type { ImageMessage } from './OutboxRecord.js';

/**
 * Where pictures to push are kept, apart from the records (which name them only), so a file, an
 * object store or anything else can hold them.
 */
export interface OutboxMedia {
  /** Stores a PNG, named by its content, and resolves with the message that sends it. */
  savePng(png: Buffer): Promise<ImageMessage>;
  /** The picture's bytes; rejects if the file is gone or is not the one the message was made for. */
  read(image: ImageMessage): Promise<Buffer>;
  /** Deletes stored pictures that `keep` does not name, except those this process saved at `before` or later. */
  prune(keep: ReadonlySet<string>, before: number): Promise<number>;
}
