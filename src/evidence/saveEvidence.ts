import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { syncDir } from '../storage/files/writeFileAtomic.js';
import { PRIVATE_DIR } from '../storage/files/privateModes.js';

/**
 * Moves a downloaded photo (already fsynced) to DATA_DIR/evidence/<folder>/<sha256 prefix>.<ext> and
 * returns that path relative to DATA_DIR. Named by content, so the same photo saved twice is one file.
 */
export async function saveEvidence(
  dataDir: string,
  folder: string,
  sha256: string,
  ext: string,
  downloaded: string,
): Promise<string> {
  const file = path.posix.join('evidence', folder, `${sha256.slice(0, 16)}.${ext}`);
  const dir = path.join(dataDir, 'evidence', folder);
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  await rename(downloaded, path.join(dataDir, file));
  await syncDir(dir);
  return file;
}
