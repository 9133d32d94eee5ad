import fs from 'node:fs';
import path from 'node:path';
import { DataLockedError } from './DataLockedError.js';
import { PRIVATE_DIR, PRIVATE_FILE } from './privateModes.js';

/** Lock files this process holds. */
const heldHere = new Set<string>();

/** Who holds a lock: the pid, and what tells that process from a later one given the same pid. */
interface Holder {
  pid: number;
  /** Start time of the process in clock ticks since boot (/proc/<pid>/stat, field 22). */
  start?: string;
  /** /proc/sys/kernel/random/boot_id: pids and start times begin again at every boot. */
  boot?: string;
}

/**
 * One writer per data folder. A pid file rather than an mtime lease: a lock left by a killed
 * process is recognised at once (its pid is gone) instead of blocking the restart for a lease period.
 * A pid alone is not enough: after a reboot or in a container another process may carry it, so the
 * lock also records the holder's start time and the boot, and a pid that now names someone else is stale.
 */
export function acquireDataLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR });
  const file = path.resolve(dataDir, '.lock');
  // The pid file cannot tell this process's second opener from its first; this set can.
  if (heldHere.has(file)) throw new DataLockedError(dataDir, process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(describe(process.pid)), { flag: 'wx', mode: PRIVATE_FILE });
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
      const holder = readHolder(file);
      // Our own pid in a lock we do not hold is a leftover from before a restart (containers reuse low pids).
      if (holder && holder.pid !== process.pid && stillHolds(holder)) throw new DataLockedError(dataDir, holder.pid);
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`无法获取数据目录锁：${file}`);
}

function readHolder(file: string): Holder | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // Locks written before start time and boot id were recorded hold the bare pid.
  let parsed: unknown = Number.parseInt(text, 10);
  if (text.trimStart().startsWith('{')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  const holder = typeof parsed === 'number' ? { pid: parsed } : (parsed as Holder | null);
  const pid = holder?.pid;
  return typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0 ? holder! : undefined;
}

function describe(pid: number): Holder {
  const start = startTime(pid);
  const boot = readProc('/proc/sys/kernel/random/boot_id')?.trim();
  return { pid, ...(start && { start }), ...(boot && { boot }) };
}

/** The pid is alive and is still the process that wrote the lock, as far as this system can tell. */
function stillHolds(holder: Holder): boolean {
  if (!isAlive(holder.pid)) return false;
  const now = describe(holder.pid);
  if (holder.boot && now.boot && holder.boot !== now.boot) return false;
  return !(holder.start && now.start && holder.start !== now.start);
}

function startTime(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function readProc(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
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
  if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
}
