import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../src/config.js';
import { freePort } from './helpers/childBot.js';
import { waitFor } from './helpers/waitFor.js';

let tmp: string;
before(async () => (tmp = await mkdtemp(path.join(os.tmpdir(), 'rectify-npm-'))));
after(() => rm(tmp, { recursive: true, force: true }));

const healthy = (url: string) =>
  fetch(`${url}/healthz`).then(
    (r) => r.ok,
    () => false,
  );

// A service manager stops `npm start` by signalling npm's pid, not the bot's.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} to the npm process of npm start stops the bot and frees the port and the data folder`, async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const dataDir = path.join(tmp, signal);
    const npm = spawn('npm', ['start'], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        npm_config_update_notifier: 'false',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 600 && !(await healthy(url)); i++) await sleep(50);
      assert.ok(await healthy(url), 'npm start never answered /healthz');
      assert.ok(existsSync(path.join(dataDir, '.lock')));

      npm.kill(signal);
      const gone = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      assert.ok(gone, `npm ignored ${signal}`);
      await waitFor('the bot to stop', () => !existsSync(path.join(dataDir, '.lock')));
      assert.equal(await healthy(url), false, 'nothing answers on the port any more');
    } finally {
      npm.kill('SIGKILL');
      // A bot orphaned by npm still holds the lock: stop it by its own pid so the test leaves nothing running.
      const orphan = Number(await readFile(path.join(dataDir, '.lock'), 'utf8').catch(() => ''));
      if (orphan > 0) process.kill(orphan, 'SIGKILL');
    }
  });
}
