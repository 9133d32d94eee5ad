import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A folder that can be made to run out of space and given space back. */
export interface SmallDisk {
  dir: string;
  /** How the disk is made full: a real tmpfs, or Node's file-handle writes failing the way a full disk fails them. */
  kind: 'tmpfs' | 'injected';
  fill(): Promise<void>;
  free(): Promise<void>;
  remove(): Promise<void>;
}

/**
 * A real small filesystem (tmpfs) when this process may mount one, so the kernel itself produces
 * the short write and the ENOSPC; otherwise Node's FileHandle write methods fail below our code:
 * a write keeps only its first bytes, whole-file writes throw ENOSPC.
 */
export async function smallDisk(bytes = 512 * 1024): Promise<SmallDisk> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return injectedDisk(dir);
  }
  const filler = path.join(dir, 'filler');
  return {
    dir,
    kind: 'tmpfs',
    async fill() {
      const handle = await open(filler, 'w');
      try {
        for (const size of [65536, 4096, 1]) {
          for (;;) {
            const { bytesWritten } = await handle.write(Buffer.alloc(size)).catch(() => ({ bytesWritten: 0 }));
            if (bytesWritten < size) break;
          }
        }
      } finally {
        await handle.close();
      }
    },
    free: () => rm(filler, { force: true }),
    async remove() {
      execFileSync('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function injectedDisk(dir: string): Promise<SmallDisk> {
  const probe = await open(path.join(dir, 'probe'), 'w');
  const proto = Object.getPrototypeOf(probe) as {
    write(this: unknown, data: Buffer, ...rest: unknown[]): Promise<{ bytesWritten: number }>;
    writeFile(this: unknown, ...args: unknown[]): Promise<void>;
  };
  await probe.close();
  const { write, writeFile: writeWhole } = proto;
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  const restore = () => {
    proto.write = write;
    proto.writeFile = writeWhole;
  };
  await writeFile(path.join(dir, 'probe'), '');
  return {
    dir,
    kind: 'injected',
    async fill() {
      proto.write = function (data, ...rest) {
        if (!Buffer.isBuffer(data) || data.length < 2) return Promise.reject(enospc());
        return write.call(this, data.subarray(0, Math.floor(data.length / 3)), ...rest);
      };
      proto.writeFile = () => Promise.reject(enospc());
    },
    async free() {
      restore();
    },
    async remove() {
      restore();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
