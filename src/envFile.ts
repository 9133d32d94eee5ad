import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from './config.js';

/**
 * Reads `.env` of the working directory into `env`, as `node --env-file` would: a variable the
 * environment already has wins over the file, so a service manager can override one line of it.
 * Returns the file read, or undefined when there is none.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env, file = path.resolve('.env')): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`配置错误：无法读取 ${file}（${(err as NodeJS.ErrnoException).code}）`);
  }
  for (const [key, value] of Object.entries(parseEnv(text))) if (env[key] === undefined) env[key] = value;
  return file;
}
