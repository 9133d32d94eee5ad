/**
 * Debian's Chromium, headless, driven by playwright-core. A missing browser fails the test with the
 * command that installs it: a browser test that skips would pass without testing anything.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface TestBrowser {
  /** One profile in a fresh --user-data-dir (playwright passes it as the persistent context's folder). */
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `没有找到浏览器 ${CHROMIUM}：页面测试需要 Debian 的 chromium。安装：apt-get install -y --no-install-recommends chromium`,
    );
  }
  const profile = await mkdtemp(path.join(os.tmpdir(), 'rectify-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
