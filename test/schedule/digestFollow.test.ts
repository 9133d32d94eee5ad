import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openLedger } from '../../src/storage/openLedger.js';
import { received, shanghai, withPushBot } from '../helpers/pushBot.js';
import { importTwoLedgers } from '../helpers/twoLedgers.js';

const AUDIT = '**【审计2023】**';
const PATROL = '**【巡察2021】**';
let tmp: string;
before(async () => (tmp = await mkdtemp(path.join(os.tmpdir(), 'rectify-follow-'))));
after(() => rm(tmp, { recursive: true, force: true }));

/** A data folder with both ledgers, created a month before the Wednesday the push bot starts on. */
async function folder(name: string): Promise<string> {
  const dir = path.join(tmp, name);
  await importTwoLedgers(dir, shanghai('2026-11-02T10:00'));
  return dir;
}

test('the digest has one section per ledger; DIGEST_FOLLOW gives each target only the ledgers it follows', async () => {
  const dataDir = await folder('follow');
  await withPushBot({ dataDir, env: { DIGEST_FOLLOW: 'chatA=审;1=巡察2021' } }, async (t) => {
    const got = received(t);
    // Within the byte limit a long digest is split into several messages: read them as one.
    const all = got.chatB!.join('\n');
    assert.ok(all.includes(PATROL) && all.includes(AUDIT), all);
    assert.ok(all.indexOf(PATROL) < all.indexOf(AUDIT), 'ledgers in the order they were created');
    assert.match(all, /共 \*\*53\*\* 项/);
    assert.match(all, /共 \*\*7\*\* 项/);

    const audit = got.chatA!.join('\n');
    assert.ok(audit.includes(AUDIT), audit);
    assert.ok(!audit.includes(PATROL), 'chatA follows only 审');
    assert.match(audit, /共 \*\*7\*\* 项/);
    assert.doesNotMatch(audit, /共 \*\*53\*\* 项/);

    const patrol = got.robot!.join('\n');
    assert.ok(patrol.includes(PATROL) && !patrol.includes(AUDIT), patrol);
  });
});

test('an archived ledger leaves every digest; a target that follows only it gets none', async () => {
  const dataDir = await folder('archived');
  const opened = await openLedger(dataDir, { clock: () => shanghai('2026-11-30T10:00') });
  await opened.ledgers.setArchived(opened.ledgers.find('审')!, true);
  await opened.storage.close();
  await withPushBot({ dataDir, env: { DIGEST_FOLLOW: 'chatA=审' } }, async (t) => {
    const got = received(t);
    assert.equal(got.chatA, undefined, 'nothing for a target whose only ledger is archived');
    const chatB = got.chatB!.join('\n');
    assert.ok(chatB.includes(PATROL) && !chatB.includes(AUDIT), chatB);
    assert.ok(got.robot!.every((c) => !c.includes(AUDIT)));
  });
});
