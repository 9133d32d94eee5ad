import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `npm run cli -- …` without npm: only the variables given, so the machine's own WECOM_* cannot leak in.
 * `cwd` is where the CLI looks for `.env`.
 */
export function cli(args: string[], env: Record<string, string>, cwd = ROOT): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), path.join(ROOT, 'src/cli.ts'), ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}
