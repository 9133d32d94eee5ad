/** A download that went past the size allowed for it; nothing of it is kept. */
export class MediaTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`media larger than ${maxBytes} bytes`);
  }
}
