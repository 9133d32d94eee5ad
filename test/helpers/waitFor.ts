import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls until `done` holds, for effects that land asynchronously, like a queued late reply. The limit
 * is generous: it only costs time when a test fails, and a machine under load must not fail one.
 */
export async function waitFor(what: string, done: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await done()) && Date.now() < deadline) await sleep(10);
  assert.ok(await done(), `timed out waiting for ${what}`);
}
