import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../src/config.js';
import { zonedParts } from '../src/text/zonedParts.js';
import { freePort, startChild } from './helpers/childBot.js';
import { waitFor } from './helpers/waitFor.js';

// A zone 45 minutes off the hour: no machine zone and no UTC rendering can produce its times by accident.
const ZONE = 'Asia/Kathmandu';

let tmp: string;
before(async () => (tmp = await mkdtemp(path.join(os.tmpdir(), 'rectify-log-'))));
after(() => rm(tmp, { recursive: true, force: true }));

/** Every second from `from` to `to` as the zone shows it, to the second. */
function secondsBetween(from: number, to: number): Set<string> {
  const shown = new Set<string>();
  for (let s = Math.floor(from / 1000) * 1000; s <= to; s += 1000) {
    const { date, time, offset } = zonedParts(s, ZONE);
    shown.add(`${date} ${time}${offset}`);
  }
  return shown;
}

test('in a terminal the bot logs one readable line per entry, stamped with local time in TZ', async () => {
  const port = await freePort();
  const tsx = import.meta.resolve('tsx');
  const started = Date.now();
  // script(1) gives the bot a real pseudo-terminal as stdout, as an operator's shell would.
  const child = spawn('script', ['-qfec', `exec "${process.execPath}" --import ${tsx} src/main.ts`, '/dev/null'], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TZ: ZONE,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(tmp, 'tty'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    // Under load tsx may take longer to start than waitFor's few seconds.
    for (let i = 0; i < 300 && !out.includes('schedule: next runs'); i++) await sleep(100);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  const lines = out.split(/\r?\n/);
  const listening = lines.find((l) => l.includes('rectify-bot listening'));
  assert.ok(listening, out);
  assert.doesNotMatch(listening, /^\{/, 'not JSON');
  // The colours are the terminal's business; the words and the time are what this test reads.
  const plain = listening.replace(/\x1b\[[0-9;]*m/g, '');
  const stamp = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d{4}) INFO: rectify-bot listening /.exec(plain);
  assert.ok(stamp, plain);
  assert.ok(secondsBetween(started, Date.now()).has(stamp[1]!), `${stamp[1]} is a ${ZONE} time of this run`);
  assert.match(plain, /"url":"http:\/\/127\.0\.0\.1:\d+"/, 'fields stay on the same line');
  const schedule = lines.find((l) => l.includes('schedule: next runs'))!.replace(/\x1b\[[0-9;]*m/g, '');
  assert.match(schedule, /"digest":"\d{4}-\d\d-\d\d 09:00:00\+0545"/, 'DIGEST_CRON 0 9 * * 1 is 09:00 in TZ');
});

test('without a terminal the logs stay JSON, and the schedule line gives times in TZ', async () => {
  const bot = await startChild({ env: { TZ: ZONE, DATA_DIR: path.join(tmp, 'pipe') } });
  try {
    await waitFor('the schedule line', () => bot.stdout().includes('schedule: next runs'));
  } finally {
    await bot.stop();
  }
  const entries = bot
    .stdout()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg: string; time: number; digest?: string });
  assert.equal(typeof entries.find((e) => e.msg === 'rectify-bot listening')?.time, 'number');
  assert.match(entries.find((e) => e.msg === 'schedule: next runs')?.digest ?? '', /^\d{4}-\d\d-\d\d 09:00:00\+0545$/);
});
