import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startChild } from './helpers/childBot.js';

let tmp: string;
before(async () => (tmp = await mkdtemp(path.join(os.tmpdir(), 'rectify-host-'))));
after(() => rm(tmp, { recursive: true, force: true }));

/** Whether something accepts TCP on address:port. Linux routes all of 127/8 to loopback, so 127.0.0.2 stands in for a LAN address. */
function accepts(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, address);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

test('demo mode listens on 127.0.0.1 only unless HOST is set, and then warns loudly', async () => {
  const quiet = await startChild({ env: { HOST: '', DATA_DIR: path.join(tmp, 'a') } });
  const port = Number(new URL(quiet.url).port);
  try {
    assert.equal(await accepts('127.0.0.1', port), true);
    assert.equal(await accepts('127.0.0.2', port), false, 'another address of the machine is refused');
    assert.doesNotMatch(quiet.stderr(), /警告/);
  } finally {
    await quiet.stop();
  }

  const open = await startChild({ env: { HOST: '0.0.0.0', DATA_DIR: path.join(tmp, 'b') } });
  try {
    assert.equal(await accepts('127.0.0.2', Number(new URL(open.url).port)), true);
    assert.match(open.stderr(), /警告：演示模式正在监听 0\.0\.0\.0.*管理员/);
  } finally {
    await open.stop();
  }
});
