/**
 * Runs a server as its own operating-system process: `node --import tsx <entry.ts>`, or plain
 * `node <entry.js>` for a built bundle (what `npm start` runs). A separate process is what a crash test must SIGKILL and what a benchmark must measure
 * resident memory of; an in-process bot would share both with the test runner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';

const BOT_ENTRY = 'src/main.ts';

export interface ChildOptions {
  /** Script relative to the project root; the bot's main.ts unless told. */
  entry?: string;
  env: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Working directory, where the bot looks for `.env`; the project root unless told. */
  cwd?: string;
  /** How long to wait for /healthz before giving up. */
  readyTimeoutMs?: number;
}

export interface ChildServer {
  url: string;
  pid: number;
  /** Milliseconds from spawn to the first /healthz 200. */
  startupMs: number;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  /** What the process wrote to stdout so far. */
  stdout(): string;
  /** Resident and peak resident memory in bytes, from /proc. */
  memory(): { rss: number; peak: number };
  /** User + system CPU time consumed so far, in milliseconds. */
  cpuMs(): number;
  kill(signal: NodeJS.Signals): Promise<number | null>;
  /** SIGTERM and wait for the graceful shutdown. */
  stop(): Promise<number | null>;
}

export interface ChildExit {
  code: number | null;
  stderr: string;
}

/** A port nobody listens on right now; the child binds it a moment later. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Spawns the entry with PORT/HOST set and resolves once /healthz answers 200. */
export async function startChild(options: ChildOptions): Promise<ChildServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  // HOST may be overridden ('' = unset) to see what the bot binds by itself; it must stay on loopback.
  const child = launch(options, { HOST: '127.0.0.1', ...options.env, PORT: String(port) });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let readyAt: number;
  try {
    readyAt = await waitReady(url, exited, options.readyTimeoutMs ?? 15_000, () => stderr);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const startupMs = readyAt - started;
  const pid = child.pid!;
  return {
    url,
    pid,
    startupMs,
    stderr: () => stderr,
    stdout: () => stdout,
    memory: () => procMemory(pid),
    cpuMs: () => procCpuMs(pid),
    async kill(signal) {
      child.kill(signal);
      return exited;
    },
    stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs the entry until it exits by itself, e.g. when it must refuse to start. */
export async function runChildToExit(options: ChildOptions & { timeoutMs?: number }): Promise<ChildExit> {
  const child = launch(options, { PORT: String(await freePort()), HOST: '127.0.0.1', ...options.env });
  child.stdout!.resume();
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stderr };
}

function launch(options: ChildOptions, env: Record<string, string>): ChildProcess {
  // Only PATH/HOME from the parent: the machine's own WECOM_* or TZ must not leak into the child.
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  const entry = path.resolve(PROJECT_ROOT, options.entry ?? BOT_ENTRY);
  // Resolved here, so the child finds tsx whatever its working directory.
  const loader = entry.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [];
  return spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, entry], {
    cwd: options.cwd ?? PROJECT_ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function waitReady(
  url: string,
  exited: Promise<number | null>,
  timeoutMs: number,
  stderr: () => string,
): Promise<number> {
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (gone !== undefined) throw new Error(`child exited with ${gone} before it was ready:\n${stderr()}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`child not ready after ${timeoutMs} ms:\n${stderr()}`);
}

function procMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

function procCpuMs(pid: number): number {
  // Fields after the parenthesised command name; utime and stime are the 12th and 13th of those.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
}
