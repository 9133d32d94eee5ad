import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import { PRIVATE_FILE } from './privateModes.js';

/**
 * Temp file, fsync, rename, fsync the folder: after this resolves the new content survives a
 * power cut, and a crash at any point leaves either the old file or the new one, never a mix.
 */
export async function writeFileAtomic(file: string, data: string | Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await open(tmp, 'w', PRIVATE_FILE);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  await syncDir(path.dirname(file));
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
