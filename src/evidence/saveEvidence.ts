import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PRIVATE_DIR } from '../ledger/privateModes.js';
import { writeFileAtomic } from '../ledger/writeFileAtomic.js';

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
};

/**
 * Keeps a photo under DATA_DIR/evidence/<item>/<sha256 prefix>.<ext> and returns that path relative
 * to DATA_DIR. Named by content, so the same photo saved twice is one file.
 */
export async function saveEvidence(
  dataDir: string,
  itemNo: number,
  sha256: string,
  bytes: Buffer,
  contentType: string,
): Promise<string> {
  const ext = EXTENSIONS[contentType.split(';')[0]!.trim().toLowerCase()] ?? 'bin';
  const file = path.posix.join('evidence', String(itemNo), `${sha256.slice(0, 16)}.${ext}`);
  await mkdir(path.join(dataDir, 'evidence', String(itemNo)), { recursive: true, mode: PRIVATE_DIR });
  await writeFileAtomic(path.join(dataDir, file), bytes);
  return file;
}
