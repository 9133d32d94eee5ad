import { escapeHtml } from './escapeHtml.js';
import { pageHref } from './pagePaths.js';

export type Tab = 'overview' | 'list' | 'mine' | 'item';

export interface PageFrame {
  title: string;
  tab: Tab;
  userId: string;
  /** Query string of the static files: changes whenever their content does, so they cache for good. */
  assetVersion: string;
  /** Trusted HTML: every caller builds it with escapeHtml. */
  body: string;
  /** The ledger the page shows, among several: the 清单 tab then opens that ledger's list. */
  ledgerCode?: string;
  /** Heads the page; 巡察整改台账 unless the ledgers are of several kinds. */
  brand?: string;
}

const BRAND = '巡察整改台账';

const TABS: [Tab, string, string][] = [
  ['overview', '总览', '/'],
  ['list', '清单', '/list'],
  ['mine', '我的', '/mine'],
];

/** The shell every page shares: one stylesheet, one script, a tab bar a thumb can reach. */
export function layout(frame: PageFrame): string {
  const tabs = TABS.map(([tab, label, path]) => {
    const href = pageHref(path, tab === 'list' ? frame.ledgerCode : undefined);
    return `<a href="${escapeHtml(href)}"${tab === frame.tab ? ' aria-current="page"' : ''}>${label}</a>`;
  }).join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(frame.title)} · ${escapeHtml(frame.brand ?? BRAND)}</title>
<link rel="stylesheet" href="/app/static/page.css?v=${frame.assetVersion}">
<script src="/app/static/page.js?v=${frame.assetVersion}" defer></script>
</head><body>
<header class="top"><span class="brand">${escapeHtml(frame.brand ?? BRAND)}</span><span class="who">${escapeHtml(frame.userId)}</span></header>
<nav class="tabs">${tabs}</nav>
<main>${frame.body}</main>
</body></html>`;
}

/** A small message page: refusals and sign-in problems. */
export function notice(title: string, text: string, assetVersion: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/app/static/page.css?v=${assetVersion}">
</head><body><main class="notice"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`;
}
