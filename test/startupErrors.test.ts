import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

test('a data folder that cannot be created stops start-up with one line naming it, no stack', async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'rectify-startup-'));
  try {
    const blocker = path.join(tmp, 'not-a-folder');
    await writeFile(blocker, '');
    const dataDir = path.join(blocker, 'data');
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', import.meta.resolve('tsx'), path.join(ROOT, 'src/main.ts')],
        { cwd: tmp, env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' } },
        (err, _stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stderr }),
      );
    });
    assert.equal(code, 1);
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0]!, /^启动失败：.*not-a-folder/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
