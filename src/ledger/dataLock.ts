import fs from 'node:fs';
import path from 'node:path';
import { DataLockedError } from './DataLockedError.js';
import { PRIVATE_DIR, PRIVATE_FILE } from './privateModes.js';

/** Lock files this process holds. */
const heldHere = new Set<string>();

/**
 * One writer per data folder. A pid file rather than an mtime lease: a lock left by a killed
 * process is recognised at once (its pid is gone) instead of blocking the restart for a lease period.
 */
export function acquireDataLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR });
  const file = path.resolve(dataDir, '.lock');
  // The pid file cannot tell this process's second opener from its first; this set can.
  if (heldHere.has(file)) throw new DataLockedError(dataDir, process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: PRIVATE_FILE });
      heldHere.add(file);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldHere.delete(file);
        releaseIfOurs(file);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readPid(file);
      // Our own pid in a lock we do not hold is a leftover from before a restart (containers reuse low pids).
      if (holder !== undefined && holder !== process.pid && isAlive(holder)) throw new DataLockedError(dataDir, holder);
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`无法获取数据目录锁：${file}`);
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(file: string): void {
  if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
}
