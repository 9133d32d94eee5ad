import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls until `done` holds (at most ~5 s), for effects that land asynchronously, like a queued late reply. */
export async function waitFor(what: string, done: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500 && !(await done()); i++) await sleep(10);
  assert.ok(await done(), `timed out waiting for ${what}`);
}
