import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestBrowser } from './browser.js';
import type { FakeWeComApi } from './fakeWeComApi.js';

/** Signs in to the ledger page through the fake WeCom authorize page as `who`, from a clean cookie jar. */
export async function pageSignIn(b: TestBrowser, api: FakeWeComApi, url: string, who: string): Promise<Page> {
  await b.context.clearCookies();
  api.signIn(who);
  const page = b.context.pages()[0] ?? (await b.context.newPage());
  await page.goto(url);
  assert.equal(new URL(page.url()).pathname, new URL(url).pathname, `${who} landed on ${page.url()}`);
  return page;
}
