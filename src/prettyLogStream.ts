import type { DestinationStream } from 'pino';
import { formatZoned } from './text/zonedParts.js';

/**
 * For a person at a terminal: one line per entry, the time in the ledger's zone. pino-pretty runs
 * in this thread as a plain stream rather than as a pino transport: a transport is a worker thread
 * whose last lines are lost when the bot exits right after logging "shutting down", and a terminal
 * shows a few lines a second, not the callback load. Loaded only when stdout is a terminal, so the
 * JSON path (services, tests) neither loads nor pays for it.
 */
export async function prettyLogStream(timeZone: string): Promise<DestinationStream> {
  const { default: pretty } = await import('pino-pretty');
  return pretty({
    singleLine: true,
    sync: true,
    translateTime: false,
    customPrettifiers: { time: (ms) => formatZoned(Number(ms), timeZone) },
  });
}
