import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Makes every disk write of this process wait until released: each of libuv's pool threads is
 * parked in open() of a FIFO nobody writes to. A command that writes the ledger then misses any
 * reply budget, deterministically, whatever the speed of the machine or its disk.
 */
export async function holdDiskWrites(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-fifo-'));
  const threads = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  const fifos = Array.from({ length: threads }, (_, i) => path.join(dir, `fifo-${i}`));
  for (const fifo of fifos) execFileSync('mkfifo', [fifo]);
  const readers: Array<Promise<FileHandle>> = fifos.map((fifo) => open(fifo, 'r'));
  return async () => {
    for (const fifo of fifos) {
      // Non-blocking, so a reader not yet parked cannot hang the whole process: retry instead.
      for (;;) {
        try {
          closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
          break;
        } catch {
          await sleep(5);
        }
      }
    }
    for (const reader of await Promise.all(readers)) await reader.close();
    await rm(dir, { recursive: true, force: true });
  };
}
