/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { PNG } from 'pngjs';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { pageSignIn } from '../helpers/pageSignIn.js';
import { freePort } from '../helpers/childBot.js';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { sendImage, waitFor } from '../helpers/workflowHelpers.js';

const OFFICER = 'zhangsan';
const SECRET = 'page-test-secret-0123456789abcdef0123456789';

let t: TestBot;
let b: TestBrowser;
let base: string;
let shots: string;

/** A 240×180 photo with some colour in it, so the screenshot shows that it loaded. */
function photo(): Buffer {
  const png = new PNG({ width: 240, height: 180 });
  for (let y = 0; y < 180; y++)
    for (let x = 0; x < 240; x++) {
      const i = (y * 240 + x) * 4;
      png.data[i] = 60 + x / 2;
      png.data[i + 1] = 120 + y / 2;
      png.data[i + 2] = 90;
      png.data[i + 3] = 255;
    }
  return PNG.sync.write(png);
}

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await startTestBot({
    env: (apiUrl) => ({
      PORT: String(port),
      PAGE_BASE_URL: base,
      PAGE_SESSION_SECRET: SECRET,
      PAGE_AUTHORIZE_URL: `${apiUrl}/connect/oauth2/authorize`,
    }),
  });
  b = await launchBrowser();
  shots = await mkdtemp(path.join(os.tmpdir(), 'rectify-page-shots-'));
  console.log(`screenshots: ${shots}`);
  assert.match(await t.say(ADMIN, `指派 24 ${OFFICER} 河道办`), /已指派|指派/);
  assert.match(await t.say(OFFICER, '进度 24 清淤完成50%'), /已登记/);
  t.api.addMedia('PHOTO-1', photo(), 'image/png');
  await sendImage(t, OFFICER, 'PHOTO-1');
  await waitFor(() => (t.bot.store.item(24)!.evidenceCount === 1 ? true : undefined), 'the photo');
});

after(async () => {
  await b?.close();
  await t?.stop();
});

const signIn = (who: string, at = '/app/') => pageSignIn(b, t.api, base + at, who);

test('without a session every page sends the browser to WeCom sign-in', async () => {
  await b.context.clearCookies();
  t.api.signIn(undefined);
  const page = b.context.pages()[0] ?? (await b.context.newPage());
  const res = await page.goto(`${base}/app/item/24`);
  assert.equal(res?.status(), 403); // the fake's authorize page: nobody is signed in to WeCom
  const authorize = new URL(page.url());
  assert.equal(authorize.pathname, '/connect/oauth2/authorize');
  assert.equal(authorize.searchParams.get('scope'), 'snsapi_base');
  assert.equal(authorize.searchParams.get('redirect_uri'), `${base}/app/oauth`);
  assert.ok(!(await page.content()).includes('清淤完成50%'));
  const photo = await fetch(`${base}/app/photo/24/${'a'.repeat(64)}`, { redirect: 'manual' });
  assert.equal(photo.status, 302);
});

test('overview renders the figures and the chart image', async () => {
  const page = await signIn(OFFICER);
  assert.equal(await page.textContent('.figures'), '共 53 项已完成 26 项');
  assert.equal(await page.textContent('.rate b'), '49.1%');
  // One ledger: the page never names it, so its addresses are the ones chat and bookmarks have always had.
  assert.equal(await page.locator('a[href*="?l="], a[href*="&l="], nav.switch, ul.ledgers, h1.ledger').count(), 0);
  assert.equal(await page.textContent('.brand'), '巡察整改台账');
  assert.match((await page.getAttribute('img.chart', 'src'))!, /^\/app\/chart\.png\?v=\d+-\d{4}-W\d{2}$/);
  const chart = page.locator('img.chart');
  await chart.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => (document.querySelector('img.chart') as HTMLImageElement).complete, null, {
    timeout: 15_000,
  });
  assert.equal(await chart.evaluate((img: HTMLImageElement) => img.naturalWidth), 750);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, 'overview.png'), fullPage: true });
  const headers = (await page.goto(`${base}/app/`))!.headers();
  assert.match(headers['content-security-policy']!, /script-src 'self'/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
});

test('list filters by category, officer and words, most urgent first', async () => {
  const page = await signIn(OFFICER, '/app/list');
  assert.equal(await page.locator('ul.items > li').count(), 53);
  await page.selectOption('select[name="category"]', { index: 2 }); // the script submits on change
  await page.waitForURL(/category=1/);
  const inCategory = t.bot.store.items().filter((i) => i.categoryIndex === 1).length;
  assert.equal(await page.locator('ul.items > li').count(), inCategory);
  await page.goto(`${base}/app/list?officer=${OFFICER}`);
  assert.deepEqual(await page.locator('ul.items b').allTextContents(), ['第24项']);
  assert.equal(await page.getAttribute('ul.items a', 'href'), '/app/item/24');
  await page.goto(`${base}/app/list`);
  await page.fill('input[name="q"]', '公车');
  await page.click('button[type="submit"]');
  await page.waitForURL(/q=/);
  const hits = t.bot.store.items().filter((i) => (i.title + i.measures.join('')).includes('公车'));
  assert.ok(hits.length > 0);
  assert.equal(await page.locator('ul.items > li').count(), hits.length);
  await page.goto(`${base}/app/list?status=${encodeURIComponent('阶段性完成并需长期坚持')}`);
  assert.equal(await page.locator('ul.items > li').count(), 27);
  await page.goto(`${base}/app/list`);
  await page.screenshot({ path: path.join(shots, 'list.png') });
});

test('item page shows history and the photo; an update there shows in 进度 N', async () => {
  const page = await signIn(OFFICER, '/app/item/24');
  const history = await page.locator('.history').textContent();
  assert.match(history!, /指派给 zhangsan（河道办）/);
  assert.match(history!, /进展：清淤完成50%/);
  const img = page.locator('.photos img');
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => (document.querySelector('.photos img') as HTMLImageElement).naturalWidth > 0);
  assert.equal(await img.evaluate((i: HTMLImageElement) => i.naturalWidth), 240);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, 'item.png'), fullPage: true });

  await page.fill('form.update textarea', '清淤完成80%，<b>已验收</b>');
  await page.click('form.update button');
  await page.waitForSelector('.flash');
  assert.match((await page.textContent('.flash'))!, /已登记第24项进展（完成度 80%）/);
  assert.match((await page.locator('.history li').first().textContent())!, /清淤完成80%，<b>已验收<\/b>/);
  const reply = await t.say('someone', '进度 24');
  assert.match(reply, /zhangsan：清淤完成80%，<b>已验收<\/b>/);
  assert.ok(reply.endsWith(`详情：${base}/app/item/24`), reply);
  assert.ok(Buffer.byteLength(reply) <= 2048);
});

test('a photo taken back (撤回) leaves the gallery and is marked in the history', async () => {
  t.api.addMedia('PHOTO-WRONG', Buffer.concat([photo(), Buffer.from('wrong')]), 'image/png');
  await sendImage(t, OFFICER, 'PHOTO-WRONG');
  await waitFor(() => (t.bot.store.item(24)!.evidenceCount === 2 ? true : undefined), 'the second photo');
  assert.match(await t.say(OFFICER, '撤回'), /^已撤回：第24项的佐证照片/);
  const page = await signIn(OFFICER, '/app/item/24');
  assert.equal(await page.locator('.photos img').count(), 1);
  assert.match((await page.locator('.history li').nth(1).textContent())!, /上传佐证照片（.*）（已撤回）$/);
});

test('another officer’s item has no update form, and a forced post is refused by the command rule', async () => {
  const page = await signIn(OFFICER, '/app/item/21');
  assert.equal(await page.locator('form.update').count(), 0);
  await page.goto(`${base}/app/item/24`);
  const csrf = await page.inputValue('input[name="csrf"]');
  const res = await page.request.post(`${base}/app/item/21/update`, { form: { csrf, note: '越权' } });
  assert.match(await res.text(), /你不能更新第21项/);
  assert.ok(!t.bot.store.itemHistory(21).some((e) => e.type === 'update'));
  const forged = await page.request.post(`${base}/app/item/24/update`, { form: { csrf: 'x', note: '伪造' } });
  assert.equal(forged.status(), 403);
});

test('a forged or altered session cookie is refused', async () => {
  const page = await signIn(OFFICER);
  const [real] = await b.context.cookies(`${base}/app/`);
  assert.equal(real?.name, 'rb_session');
  assert.equal(real?.httpOnly, true);
  assert.equal(real?.sameSite, 'Lax');
  const [payload, mac] = real!.value.split('.');
  const admin = Buffer.from(JSON.stringify({ u: ADMIN, e: 9e15 })).toString('base64url');
  for (const value of [`${admin}.${mac}`, `${payload}.${'A'.repeat(mac!.length)}`, 'garbage']) {
    await b.context.clearCookies();
    t.api.signIn(undefined);
    await b.context.addCookies([{ name: 'rb_session', value, domain: '127.0.0.1', path: '/app/' }]);
    await page.goto(`${base}/app/mine`);
    assert.equal(new URL(page.url()).pathname, '/connect/oauth2/authorize', value);
  }
});

test('sign-in refuses a wrong state, someone outside the corp, and too many callbacks', async () => {
  await b.context.clearCookies();
  const page = b.context.pages()[0]!;
  const stray = await page.goto(`${base}/app/oauth?code=CODE1&state=nope`);
  assert.equal(stray?.status(), 400);
  t.api.signIn({ openid: 'outsider' });
  const outsider = await page.goto(`${base}/app/`);
  assert.equal(outsider?.status(), 403);
  assert.match(await page.content(), /只有本企业成员/);
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push((await fetch(`${base}/app/oauth?code=x&state=y`)).status);
  assert.ok(statuses.includes(429), statuses.join(','));
});
