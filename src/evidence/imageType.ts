/** Bytes an image file must start with, per type, and the extension it is kept under. */
const SIGNATURES: ReadonlyArray<{ ext: string; test(head: Buffer): boolean }> = [
  { ext: 'jpg', test: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  { ext: 'png', test: (h) => h.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')) },
  { ext: 'gif', test: (h) => /^GIF8[79]a$/.test(h.toString('latin1', 0, 6)) },
  { ext: 'webp', test: (h) => h.toString('latin1', 0, 4) === 'RIFF' && h.toString('latin1', 8, 12) === 'WEBP' },
  { ext: 'bmp', test: (h) => h.toString('latin1', 0, 2) === 'BM' },
];

/** How many leading bytes imageType needs. */
export const IMAGE_HEAD_BYTES = 12;

/**
 * The image type a file's first bytes show (its extension), or undefined when they show none. The
 * Content-Type a server sends is not evidence of anything: a web page can claim to be a photo.
 */
export function imageType(head: Buffer): string | undefined {
  return SIGNATURES.find((s) => s.test(head))?.ext;
}
