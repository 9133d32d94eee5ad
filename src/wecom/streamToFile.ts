import { PRIVATE_FILE } from '../storage/files/privateModes.js';
import { open, rm } from 'node:fs/promises';
import { MediaTooLargeError } from './MediaTooLargeError.js';

/**
 * Writes a download to `file` chunk by chunk, never holding more than one chunk in memory, and
 * stops as soon as it passes `maxBytes`: a 400 MB "photo" costs at most the cap on disk and a chunk
 * in memory. The file is fsynced, so a record pointing at it never outlives it. Resolves with its size;
 * on any failure the file is removed.
 */
export async function streamToFile(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  file: string,
  maxBytes: number,
): Promise<number> {
  const handle = await open(file, 'wx', PRIVATE_FILE);
  let size = 0;
  try {
    for await (const chunk of chunks) {
      size += chunk.length;
      if (size > maxBytes) throw new MediaTooLargeError(maxBytes);
      await handle.write(chunk);
    }
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(file, { force: true });
    throw err;
  }
  await handle.close();
  return size;
}
