import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PRIVATE_FILE } from './privateModes.js';

/**
 * Temp file, fsync, rename, fsync the folder: after this resolves the new content survives a
 * power cut, and a crash at any point leaves either the old file or the new one, never a mix.
 * A failed write (a full disk) removes its temp file, which would otherwise hold the space the
 * next attempt needs. Temp names are unique, so two writers of one file never share a temp.
 */
export async function writeFileAtomic(file: string, data: string | Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(tmp, 'w', PRIVATE_FILE);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncDir(path.dirname(file));
}

export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
