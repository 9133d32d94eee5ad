/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { pageSignIn } from '../helpers/pageSignIn.js';
import { freePort } from '../helpers/childBot.js';
import { ADMIN, START_MS, startTestBot, type TestBot } from '../helpers/testBot.js';
import { importTwoLedgers } from '../helpers/twoLedgers.js';
import { jpeg, sendImage, waitFor } from '../helpers/workflowHelpers.js';

/** Officer of 巡21 and 审6; AUDITOR is officer of 审3 only, in the second ledger. */
const OFFICER = 'zhangsan';
const AUDITOR = 'lisi';
const SECRET = 'page-test-secret-0123456789abcdef0123456789';
const AUDIT = encodeURIComponent('审');
const PATROL = encodeURIComponent('巡');
const PHOTO = jpeg('审3 的佐证照片');
const PHOTO_SHA = createHash('sha256').update(PHOTO).digest('hex');

let tmp: string;
let t: TestBot;
let b: TestBrowser;
let base: string;
let shots: string;

const audit = () => t.bot.ledgers.find('审')!;
const patrol = () => t.bot.ledgers.find('巡')!;

before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rectify-page-ledgers-'));
  await importTwoLedgers(tmp, START_MS - 86_400_000);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await startTestBot({
    dataDir: tmp,
    env: (apiUrl) => ({
      PORT: String(port),
      PAGE_BASE_URL: base,
      PAGE_SESSION_SECRET: SECRET,
      PAGE_AUTHORIZE_URL: `${apiUrl}/connect/oauth2/authorize`,
      PAGE_RESTRICT: '1',
    }),
  });
  b = await launchBrowser();
  shots = await mkdtemp(path.join(os.tmpdir(), 'rectify-page-shots-'));
  console.log(`screenshots: ${shots}`);
  assert.match(await t.say(ADMIN, `指派 巡21 ${OFFICER}`), /巡察2021第21项/);
  assert.match(await t.say(ADMIN, `指派 审6 ${OFFICER}`), /审计2023第6项/);
  assert.match(await t.say(ADMIN, `指派 审3 ${AUDITOR}`), /审计2023第3项/);
  assert.match(await t.say(AUDITOR, '进度 审3 资产清查完成40%'), /已登记审计2023第3项进展/);
  t.api.addMedia('AUDIT-PHOTO', PHOTO, 'image/jpeg');
  await sendImage(t, AUDITOR, 'AUDIT-PHOTO');
  await waitFor(() => (audit().item(3)!.evidenceCount === 1 ? true : undefined), 'the photo of 审3');
});

after(async () => {
  await b?.close();
  await t?.stop();
  await rm(tmp, { recursive: true, force: true });
});

const signIn = (who: string, at = '/app/') => pageSignIn(b, t.api, base + at, who);

const cardLabels = (page: Page) => page.locator('ul.items .card .row b').allTextContents();

test('the overview shows one block per ledger; a block opens that ledger’s figures and its own chart', async () => {
  const page = await signIn(OFFICER);
  const blocks = page.locator('main > ul.ledgers > li');
  assert.equal(await blocks.count(), 2);
  assert.equal(await page.textContent('.brand'), '整改台账');
  assert.match((await blocks.nth(0).textContent())!, /巡察2021\s*巡\s*49\.1%\s*共 53 项\s*已完成 26\s*逾期 0/);
  assert.match((await blocks.nth(1).textContent())!, /审计2023\s*审\s*71\.4%\s*共 7 项\s*已完成 5\s*逾期 0/);
  assert.equal(await page.locator('details.archived').count(), 0);
  await page.screenshot({ path: path.join(shots, 'ledgers.png'), fullPage: true });

  await blocks.nth(1).locator('a').click();
  await page.waitForURL(`${base}/app/?l=${AUDIT}`);
  assert.equal(await page.textContent('h1.ledger'), '审计2023审');
  assert.equal(await page.textContent('.figures'), '共 7 项已完成 5 项');
  assert.equal(await page.textContent('.rate b'), '71.4%');
  await page.screenshot({ path: path.join(shots, 'overview-audit.png') });
  assert.equal(await page.getAttribute('nav.tabs a:nth-child(2)', 'href'), `/app/list?l=${AUDIT}`);
  const chart = await page.getAttribute('img.chart', 'src');
  assert.match(chart!, new RegExp(`^/app/chart\\.png\\?l=${AUDIT}&v=`));

  const auditPng = await page.request.get(base + chart!);
  const patrolPng = await page.request.get(`${base}/app/chart.png?l=${PATROL}&v=x`);
  assert.equal(auditPng.headers()['content-type'], 'image/png');
  assert.notDeepEqual(await auditPng.body(), await patrolPng.body(), 'each ledger has its own chart');
  assert.equal((await page.request.get(`${base}/app/?l=nope`)).status(), 404);
});

test('each ledger’s list shows only its items, and its filters stay within it', async () => {
  const page = await signIn(OFFICER, `/app/list?l=${AUDIT}`);
  assert.deepEqual((await cardLabels(page)).sort(), ['审1', '审2', '审3', '审4', '审5', '审6', '审7']);
  await page.screenshot({ path: path.join(shots, 'list-audit.png') });
  assert.equal(await page.getAttribute('.items .card >> nth=0', 'href'), `/app/item/${AUDIT}3`);

  await page.selectOption('select[name="status"]', '整改中'); // the script submits on change
  await page.waitForURL(/status=/);
  assert.equal(new URL(page.url()).searchParams.get('l'), '审');
  assert.deepEqual((await cardLabels(page)).sort(), ['审3', '审6']);

  await page.click(`nav.switch a[href="/app/list?l=${PATROL}"]`);
  await page.waitForURL(`${base}/app/list?l=${PATROL}`);
  assert.equal(await page.locator('ul.items > li').count(), 53);
  assert.ok((await cardLabels(page)).every((label) => label.startsWith('巡')));
  assert.equal(await page.textContent('nav.switch a[aria-current]'), '巡察2021');
});

test('审1 and 巡1 are different items; a bare number both ledgers have offers both', async () => {
  const page = await signIn(OFFICER, `/app/item/${AUDIT}1`);
  assert.equal(await page.textContent('.head b'), '审计2023第1项');
  assert.equal(await page.textContent('.head h1'), audit().item(1)!.title);
  await page.goto(`${base}/app/item/${PATROL}1`);
  assert.equal(await page.textContent('.head b'), '巡察2021第1项');
  assert.equal(await page.textContent('.head h1'), patrol().item(1)!.title);
  assert.notEqual(audit().item(1)!.title, patrol().item(1)!.title);

  await page.goto(`${base}/app/item/1`);
  assert.match((await page.textContent('p.count'))!, /第1项在 2 本台账中都有/);
  assert.deepEqual(await cardLabels(page), ['巡1', '审1']);
  await page.click(`a[href="/app/item/${AUDIT}1"]`);
  assert.equal(await page.textContent('.head b'), '审计2023第1项');

  await page.goto(`${base}/app/item/21`); // only 巡察 has a 21st item
  assert.equal(await page.textContent('.head b'), '巡察2021第21项');
  for (const missing of [`${AUDIT}21`, 'X1', `${AUDIT}`, `${AUDIT}1x`])
    assert.equal((await page.request.get(`${base}/app/item/${missing}`)).status(), 404, missing);
});

test('the update form on 审3 runs 「进度 审3 …」: it lands on the audit ledger, not 巡3', async () => {
  const page = await signIn(AUDITOR, `/app/item/${AUDIT}3`);
  assert.equal(await page.getAttribute('form.update', 'action'), `/app/item/${AUDIT}3/update`);
  await page.fill('form.update textarea', '资产清查完成70%');
  await page.click('form.update button');
  await page.waitForSelector('.flash');
  assert.match((await page.textContent('.flash'))!, /已登记审计2023第3项进展（完成度 70%）/);
  assert.equal(new URL(page.url()).pathname, `/app/item/${AUDIT}3`);

  const [latest] = audit().itemHistory(3);
  assert.equal(latest?.type === 'update' && latest.text, '资产清查完成70%');
  assert.equal(latest?.by, AUDITOR);
  assert.ok(
    !patrol()
      .itemHistory(3)
      .some((e) => e.type === 'update'),
    '巡3 is untouched',
  );

  const reply = await t.say('someone', '进度 审3');
  assert.match(reply, /lisi：资产清查完成70%/);
  assert.ok(reply.endsWith(`详情：${base}/app/item/${AUDIT}3`), reply);

  // The same officer on 巡3 is refused by the command's own rule.
  await page.goto(`${base}/app/item/${PATROL}3`);
  assert.equal(await page.locator('form.update').count(), 0);
  await page.goto(`${base}/app/item/${AUDIT}3`);
  const csrf = await page.inputValue('input[name="csrf"]');
  const res = await page.request.post(`${base}/app/item/${PATROL}3/update`, { form: { csrf, note: '越权登记' } });
  assert.match(await res.text(), /你不能更新巡察2021第3项/);
  assert.ok(
    !patrol()
      .itemHistory(3)
      .some((e) => e.type === 'update'),
  );
});

test('a photo of 审3 is served through 审3 only, never through another ledger’s item 3', async () => {
  const page = await signIn(AUDITOR, `/app/item/${AUDIT}3`);
  const src = await page.getAttribute('.photos img', 'src');
  assert.equal(src, `/app/photo/${AUDIT}3/${PHOTO_SHA}`);
  const own = await page.request.get(base + src!);
  assert.equal(own.status(), 200);
  assert.deepEqual(await own.body(), PHOTO);
  for (const other of [`${PATROL}3`, '3'])
    assert.equal((await page.request.get(`${base}/app/photo/${other}/${PHOTO_SHA}`)).status(), 404, other);
});

test('我的 lists the officer’s items of every ledger, each by its ref', async () => {
  const page = await signIn(OFFICER, '/app/mine');
  assert.deepEqual(await cardLabels(page), ['审6', '巡21']); // 审6 is open, 巡21 long-term
  assert.equal(await page.getAttribute('ul.items li:nth-child(1) a', 'href'), `/app/item/${AUDIT}6`);
  assert.equal(await page.getAttribute('ul.items li:nth-child(2) a', 'href'), `/app/item/${PATROL}21`);
});

test('sign-in counts officers of every ledger; someone with no item anywhere is refused', async () => {
  await signIn(AUDITOR); // an officer in the second ledger only
  await b.context.clearCookies();
  t.api.signIn('nobody');
  const page = b.context.pages()[0]!;
  const refused = await page.goto(`${base}/app/`);
  assert.equal(refused?.status(), 403);
  assert.match(await page.content(), /只对管理员和事项责任人开放/);
});

test('an archived ledger is folded under 已归档 and leaves 我的, as in chat; 恢复 brings it back', async () => {
  assert.match(await t.say(ADMIN, '归档 审'), /已归档「审计2023」/);
  try {
    const page = await signIn(OFFICER);
    assert.equal(await page.locator('main > ul.ledgers > li').count(), 1);
    const folded = page.locator('details.archived');
    assert.equal(await folded.locator('summary').textContent(), '已归档（1 本）');
    assert.equal(await folded.evaluate((d: HTMLDetailsElement) => d.open), false);
    await folded.locator('summary').click();
    await folded.locator('a').click();
    await page.waitForURL(`${base}/app/?l=${AUDIT}`);
    assert.equal(await page.textContent('h1.ledger'), '审计2023审已归档');
    await page.goto(`${base}/app/`);
    await page.click('details.archived summary');
    await page.screenshot({ path: path.join(shots, 'ledgers-archived.png'), fullPage: true });

    await page.goto(`${base}/app/item/1`); // a bare number: active ledgers first, as chat reads it
    assert.equal(await page.textContent('.head b'), '巡察2021第1项');
    await page.goto(`${base}/app/mine`);
    assert.deepEqual(await cardLabels(page), ['巡21']);
    await page.goto(`${base}/app/list`);
    assert.equal(await page.textContent('nav.switch a[aria-current]'), '巡察2021');
    assert.equal(await page.textContent('nav.switch a:last-child'), '审计2023（已归档）');
  } finally {
    assert.match(await t.say(ADMIN, '恢复 审'), /恢复/);
  }
});
