import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadEnvFile } from '../src/envFile.js';
import { startChild } from './helpers/childBot.js';

let tmp: string;
before(async () => (tmp = await mkdtemp(path.join(os.tmpdir(), 'rectify-env-'))));
after(() => rm(tmp, { recursive: true, force: true }));

describe('loadEnvFile', () => {
  test('adds what the file sets; a variable already in the environment wins, even when empty', async () => {
    const file = path.join(tmp, 'unit.env');
    await writeFile(file, '# comment\nPORT=3177\nLOG_LEVEL=warn\nWECOM_ADMINS="boss,li"\nHOST=0.0.0.0\n');
    const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'debug', HOST: '' };
    assert.equal(loadEnvFile(env, file), file);
    assert.deepEqual(env, { PORT: '3177', LOG_LEVEL: 'debug', WECOM_ADMINS: 'boss,li', HOST: '' });
  });

  test('no file: nothing read, nothing changed', () => {
    const env: NodeJS.ProcessEnv = { PORT: '1' };
    assert.equal(loadEnvFile(env, path.join(tmp, 'missing.env')), undefined);
    assert.deepEqual(env, { PORT: '1' });
  });
});

test('the bot reads .env of its working directory, says so, and the environment wins over it', async () => {
  const cwd = path.join(tmp, 'service');
  await rm(cwd, { recursive: true, force: true });
  await mkdir(cwd);
  await writeFile(path.join(cwd, '.env'), `DATA_DIR=${path.join(tmp, 'from-file')}\nTZ=Asia/Shanghai\n`);

  const fromFile = await startChild({ cwd, env: {} });
  await fromFile.stop();
  assert.ok(existsSync(path.join(tmp, 'from-file', 'db.json')), fromFile.stderr());
  assert.match(fromFile.stdout(), new RegExp(`已读取 ${path.join(cwd, '.env')}`));

  const overridden = await startChild({ cwd, env: { DATA_DIR: path.join(tmp, 'from-env') } });
  await overridden.stop();
  assert.ok(existsSync(path.join(tmp, 'from-env', 'db.json')));
});
