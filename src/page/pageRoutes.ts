import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type Koa from 'koa';
import Router from 'koa-router';
import type { Dispatcher } from '../bot/Dispatcher.js';
import type { Roles } from '../bot/Roles.js';
import type { Clock } from '../clock.js';
import type { PageConfig } from '../config.js';
import { imageType, IMAGE_HEAD_BYTES } from '../evidence/imageType.js';
import { isStatus, type Item } from '../ledger/item.js';
import type { Logger } from '../log.js';
import { isoWeek } from '../schedule/isoWeek.js';
import { localTime } from '../schedule/localTime.js';
import { readBody } from '../wecom/readBody.js';
import type { WeComApi } from '../wecom/WeComApi.js';
import { weComFailure } from '../wecom/weComFailure.js';
import { ChartCache } from './chartCache.js';
import { escapeHtml } from './escapeHtml.js';
import { itemAt } from './itemAt.js';
import { itemChoicePage } from './itemChoicePage.js';
import { itemPage } from './itemPage.js';
import type { ItemFilter } from './itemListing.js';
import { layout, notice, type Tab } from './layout.js';
import { ledgerSwitcher } from './ledgerSwitcher.js';
import { ledgersPage } from './ledgersPage.js';
import { listedItem } from './listedItem.js';
import { listPage } from './listPage.js';
import { minePage } from './minePage.js';
import { overviewPage } from './overviewPage.js';
import type { PageLedger, PageLedgers } from './PageLedgers.js';
import { itemPath, PAGE_PREFIX } from './pagePaths.js';
import { securityHeaders } from './securityHeaders.js';
import { SessionCookie } from './sessionCookie.js';
import { TokenBucket } from './TokenBucket.js';

const SESSION = 'rb_session';
const STATE = 'rb_state';
const FLASH = 'rb_flash';
const SESSION_MS = 12 * 60 * 60_000;
const STATE_MS = 10 * 60_000;

export interface PageDeps {
  page: PageConfig;
  corpId: string;
  agentId: string;
  /** Demo mode on loopback: /app/demo-login picks a user without WeCom. */
  demoLogin: boolean;
  /** Public base URL (PAGE_BASE_URL, or the listening address in demo mode). */
  baseUrl: () => string;
  /** Every ledger, read only: the page changes nothing itself. */
  ledgers: PageLedgers;
  roles: Roles;
  /** Updates go through the chat command, so the page obeys the very same rules. */
  dispatcher: Pick<Dispatcher, 'tryCommand'>;
  api: Pick<WeComApi, 'userIdFromCode'>;
  /** Evidence files are `evidenceRoot/<event.file>`. */
  evidenceRoot: string;
  assetsDir: string;
  clock: Clock;
  timeZone: string;
  log: Logger;
}

type Ctx = Koa.ParameterizedContext;

/** The ledger page (README "The ledger page"): sign-in, overview, list, item, my items, photos, the update form. */
export function pageRoutes(d: PageDeps): Koa.Middleware {
  const sessions = new SessionCookie(d.page.sessionSecret);
  // One chart per ledger, each drawn once per version and week; among several the chart names its ledger.
  const charts = new Map<string, ChartCache>();
  const chartOf = (ledger: PageLedger) => {
    let chart = charts.get(ledger.id);
    if (!chart) {
      chart = new ChartCache(ledger, d.timeZone, d.ledgers.several ? ledger.name : undefined);
      charts.set(ledger.id, chart);
    }
    return chart;
  };
  // 10 sign-ins at once per address, then one every 6 s: a person never notices, a code-guesser does.
  const callbackLimit = new TokenBucket(10, 6_000, d.clock);
  const assets = loadAssets(d.assetsDir);
  const secure = d.page.baseUrl?.startsWith('https://') ?? false;
  const router = new Router({ prefix: PAGE_PREFIX });

  const setCookie = (ctx: Ctx, name: string, value: string | null, maxAge: number) => {
    // Behind a TLS proxy the cookie must say Secure even when the hop to us is plain HTTP.
    if (secure) ctx.cookies.secure = true;
    ctx.cookies.set(name, value, { httpOnly: true, sameSite: 'lax', secure, path: `${PAGE_PREFIX}/`, maxAge });
  };
  const refuse = (ctx: Ctx, status: number, title: string, text: string) => {
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = notice(title, text, assets.version);
  };
  const known = (userId: string) =>
    d.roles.isAdmin(userId) || d.ledgers.all.some((l) => l.items().some((item) => d.roles.isOfficer(userId, item)));
  const signIn = (ctx: Ctx, userId: string, next: string) => {
    d.log.info({ user: userId }, 'page: signed in');
    setCookie(ctx, SESSION, sessions.sign({ userId, expires: d.clock() + SESSION_MS }), SESSION_MS);
    setCookie(ctx, STATE, null, 0);
    ctx.redirect(next);
  };
  /** A fresh state value in a cookie: the callback must bring the same one back (login CSRF). */
  const newState = (ctx: Ctx, next: string) => {
    const state = randomBytes(16).toString('hex');
    setCookie(ctx, STATE, `${state}.${encodeURIComponent(next)}`, STATE_MS);
    return state;
  };
  const checkState = (ctx: Ctx, state: unknown): string | undefined => {
    const [expected, next] = (ctx.cookies.get(STATE) ?? '').split('.');
    return expected && state === expected ? safeNext(decodeURIComponent(next ?? '')) : undefined;
  };

  router.use(async (ctx, next) => {
    securityHeaders(ctx);
    ctx.set('Cache-Control', 'no-store');
    await next();
  });

  router.get('/static/:file', (ctx) => {
    const asset = assets.files.get(ctx.params.file ?? '');
    if (!asset) return;
    ctx.type = asset.type;
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.body = asset.bytes;
  });

  router.get('/login', (ctx) => {
    const next = safeNext(String(ctx.query.next ?? ''));
    if (d.demoLogin) return ctx.redirect(`${PAGE_PREFIX}/demo-login?next=${encodeURIComponent(next)}`);
    const url = new URL(d.page.authorizeUrl);
    url.search = new URLSearchParams({
      appid: d.corpId,
      redirect_uri: `${d.baseUrl()}${PAGE_PREFIX}/oauth`,
      response_type: 'code',
      scope: 'snsapi_base',
      state: newState(ctx, next),
      agentid: d.agentId,
    }).toString();
    url.hash = 'wechat_redirect';
    ctx.redirect(url.toString());
  });

  router.get('/oauth', async (ctx) => {
    if (!callbackLimit.take(ctx.ip)) {
      d.log.warn({ ip: ctx.ip }, 'page: sign-in rate limited');
      return refuse(ctx, 429, '登录太频繁', '登录尝试太频繁，请一分钟后再打开应用。');
    }
    const next = checkState(ctx, ctx.query.state);
    const code = ctx.query.code;
    if (next === undefined || typeof code !== 'string' || !code || code.length > 512) {
      return refuse(ctx, 400, '登录已失效', '这次登录已过期或不是从本应用发起的，请从企业微信重新打开应用。');
    }
    let userId: string | undefined;
    try {
      userId = await d.api.userIdFromCode(code);
    } catch (err) {
      d.log.warn({ err }, 'page: code not accepted');
      return refuse(ctx, 502, '无法确认身份', `企业微信未能确认你的身份（${weComFailure(err)}），请重新打开应用。`);
    }
    if (!userId) return refuse(ctx, 403, '无权查看', '只有本企业成员可以查看整改台账。');
    if (d.page.restrict && !known(userId)) {
      d.log.warn({ user: userId }, 'page: refused, not an admin or officer');
      return refuse(ctx, 403, '无权查看', '整改台账只对管理员和事项责任人开放。如需查看，请联系管理员。');
    }
    signIn(ctx, userId, next);
  });

  if (d.demoLogin) {
    router.get('/demo-login', (ctx) => {
      const state = newState(ctx, safeNext(String(ctx.query.next ?? '')));
      const users = demoUsers(d);
      ctx.type = 'html';
      ctx.body = layout({
        title: '演示登录',
        tab: 'item',
        userId: '未登录',
        assetVersion: assets.version,
        body: `<section class="demo"><h1>演示登录</h1><p>演示模式：不经企业微信，直接选择一个账号查看。仅本机可用。</p>
<form method="post" action="${PAGE_PREFIX}/demo-login"><input type="hidden" name="state" value="${state}">
${users.map((u) => `<button type="submit" name="user" value="${escapeHtml(u)}">${escapeHtml(u)}</button>`).join('')}
</form></section>`,
      });
    });
    router.post('/demo-login', async (ctx) => {
      const form = await readForm(ctx);
      const next = checkState(ctx, form.get('state'));
      const user = form.get('user') ?? '';
      if (next === undefined || !demoUsers(d).includes(user))
        return refuse(ctx, 400, '登录已失效', '请重新打开演示登录页。');
      signIn(ctx, user, next);
    });
  }

  // Everything below needs a session.
  router.use(async (ctx, next) => {
    const cookie = ctx.cookies.get(SESSION);
    const session = sessions.verify(cookie, d.clock());
    if (!session || !cookie) {
      if (cookie) d.log.warn({ ip: ctx.ip }, 'page: session cookie refused');
      if (cookie) setCookie(ctx, SESSION, null, 0);
      if (ctx.method !== 'GET' && ctx.method !== 'HEAD')
        return refuse(ctx, 401, '请先登录', '登录已过期，请重新打开应用。');
      return ctx.redirect(`${PAGE_PREFIX}/login?next=${encodeURIComponent(safeNext(ctx.originalUrl))}`);
    }
    if (d.page.restrict && !known(session.userId)) {
      return refuse(ctx, 403, '无权查看', '整改台账只对管理员和事项责任人开放。如需查看，请联系管理员。');
    }
    ctx.state.userId = session.userId;
    ctx.state.cookie = cookie;
    await next();
  });

  const render = (ctx: Ctx, title: string, tab: Tab, body: string, ledger?: PageLedger) => {
    ctx.type = 'html';
    ctx.body = layout({
      title,
      tab,
      userId: ctx.state.userId,
      assetVersion: assets.version,
      body,
      ...(ledger && d.ledgers.several && { ledgerCode: ledger.code }),
      // 巡察, 审计, 环保督察 side by side: the page is the office's rectification ledgers, not one kind.
      ...(d.ledgers.several && { brand: '整改台账' }),
    });
  };
  /**
   * The ledger `?l=` names; without it the first active one (the only one, with one ledger). Null when
   * `?l=` names none: that page does not exist.
   */
  const ledgerOf = (ctx: Ctx): PageLedger | null => {
    const l = ctx.query.l;
    if (l === undefined) return d.ledgers.active()[0] ?? d.ledgers.all[0]!;
    return (typeof l === 'string' && d.ledgers.find(l)) || null;
  };
  /** The code page links carry: only among several ledgers, so one ledger keeps its URLs. */
  const codeOf = (ledger: PageLedger) => (d.ledgers.several ? ledger.code : undefined);
  const listed = (ledger: PageLedger) => (item: Item) => listedItem(d.ledgers, ledger, item);
  const now = () => {
    const at = d.clock();
    return { at, today: localTime(at, d.timeZone).date, week: isoWeek(at, d.timeZone).key };
  };

  router.get('/', (ctx) => {
    const { at, today, week } = now();
    const t = localTime(at, d.timeZone);
    const asOf = `统计至 ${t.date} ${t.time}`;
    if (d.ledgers.several && ctx.query.l === undefined) {
      return render(ctx, '总览', 'overview', ledgersPage(d.ledgers.all, today, asOf));
    }
    const ledger = ledgerOf(ctx);
    if (!ledger) return;
    const body = overviewPage({
      items: ledger.items(),
      categories: ledger.categories,
      createdAt: ledger.createdAt,
      now: at,
      today,
      asOf,
      chartVersion: chartOf(ledger).version(week),
      ...(d.ledgers.several && { ledger }),
    });
    render(ctx, d.ledgers.several ? ledger.name : '总览', 'overview', body, ledger);
  });

  router.get('/chart.png', async (ctx) => {
    const ledger = ledgerOf(ctx);
    if (!ledger) return;
    const { at, week } = now();
    const chart = chartOf(ledger);
    ctx.type = 'image/png';
    // The URL carries the version, so the browser may keep what it has.
    ctx.set('Cache-Control', 'private, max-age=86400');
    ctx.body = await chart.png(chart.version(week), at);
  });

  router.get('/list', (ctx) => {
    const ledger = ledgerOf(ctx);
    if (!ledger) return;
    const { today } = now();
    const code = codeOf(ledger);
    const body = listPage({
      items: ledger.items(),
      categories: ledger.categories,
      listed: listed(ledger),
      ...(code !== undefined && { code, switcher: ledgerSwitcher(d.ledgers.all, ledger, '/list') }),
      today,
      timeZone: d.timeZone,
      filter: filterFrom(ctx.query, ledger.categories.length),
    });
    render(ctx, d.ledgers.several ? `${ledger.name}清单` : '清单', 'list', body, ledger);
  });

  router.get('/mine', (ctx) => {
    const { today } = now();
    const userId: string = ctx.state.userId;
    // As chat's 我的: every active ledger; an archived one is finished.
    const mine = d.ledgers.active().flatMap((ledger) =>
      ledger
        .items()
        .filter((item) => d.roles.isOfficer(userId, item))
        .map(listed(ledger)),
    );
    render(ctx, '我的事项', 'mine', minePage(userId, mine, today, d.timeZone));
  });

  router.get('/item/:ref', (ctx) => {
    const at = itemAt(d.ledgers, ctx.params.ref ?? '');
    if (!at) return;
    const { today } = now();
    if ('choices' in at) {
      const choices = at.choices.map(({ ledger, item }) => listedItem(d.ledgers, ledger, item));
      return render(ctx, `第${at.no}项`, 'item', itemChoicePage(at.no, choices, today, d.timeZone));
    }
    const { ledger, item } = at;
    const userId: string = ctx.state.userId;
    const flash = ctx.cookies.get(FLASH);
    if (flash) setCookie(ctx, FLASH, null, 0);
    const name = d.ledgers.itemName(ledger, item.no);
    const body = itemPage({
      item,
      name,
      ref: d.ledgers.ref(ledger, item.no),
      category: ledger.categories[item.categoryIndex] ?? item.category,
      history: ledger.itemHistory(item.no),
      today,
      timeZone: d.timeZone,
      ...(d.roles.mayUpdate(userId, item) && {
        form: { csrf: sessions.csrfToken(ctx.state.cookie), submission: randomBytes(16).toString('hex') },
      }),
      ...(flash && { flash: safeDecode(flash) }),
    });
    render(ctx, name, 'item', body, ledger);
  });

  router.post('/item/:ref/update', async (ctx) => {
    const at = itemAt(d.ledgers, ctx.params.ref ?? '');
    if (!at || 'choices' in at) return;
    const { ledger, item } = at;
    const ref = d.ledgers.ref(ledger, item.no);
    const form = await readForm(ctx);
    if (!sessions.checkCsrf(ctx.state.cookie, form.get('csrf'))) {
      d.log.warn({ user: ctx.state.userId, item: ref }, 'page: update refused, bad CSRF token');
      return refuse(ctx, 403, '提交无效', '表单已过期，请返回事项页面刷新后再提交。');
    }
    const note = (form.get('note') ?? '').trim();
    const submission = form.get('submission') ?? '';
    let answer = '请先填写进展内容再提交。';
    if (note) {
      // Exactly what `进度 审20 说明` does in chat; the form's id makes a resubmitted form apply once.
      const reply = await d.dispatcher.tryCommand({
        userId: ctx.state.userId,
        text: `进度 ${ref} ${note}`,
        ...(/^[0-9a-f]{32}$/.test(submission) && { msgId: `page-${submission}` }),
      });
      answer = reply && reply.type !== 'file' ? reply.text : '未能登记，请稍后再试。';
    }
    setCookie(ctx, FLASH, encodeURIComponent(answer.slice(0, 600)), 60_000);
    ctx.status = 303;
    ctx.redirect(itemPath(ref));
  });

  router.get('/photo/:ref/:sha', async (ctx) => {
    const sha = ctx.params.sha ?? '';
    if (!/^[0-9a-f]{64}$/.test(sha)) return;
    // Only the history of the item the URL names: another ledger's item with the same number has other photos.
    const at = itemAt(d.ledgers, ctx.params.ref ?? '');
    if (!at || 'choices' in at) return;
    const event = at.ledger.itemHistory(at.item.no).find((e) => e.type === 'evidence' && e.sha256 === sha);
    if (event?.type !== 'evidence') return;
    const root = path.resolve(d.evidenceRoot, 'evidence');
    const file = path.resolve(d.evidenceRoot, event.file);
    if (!file.startsWith(root + path.sep)) return;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return;
    }
    const type = imageType(bytes.subarray(0, IMAGE_HEAD_BYTES));
    if (!type) return;
    ctx.type = type === 'jpg' ? 'image/jpeg' : `image/${type}`;
    // Named by content: it never changes, but it is no one else's to cache.
    ctx.set('Cache-Control', 'private, max-age=86400');
    ctx.body = bytes;
  });

  return router.routes() as Koa.Middleware;
}

/** Only a path of this page: `next` must never send a signed-in user to another site. */
function safeNext(next: string): string {
  return /^\/app\/[^\\/]?/.test(next) && !next.startsWith('//') && !/[\\\s]/.test(next) ? next : `${PAGE_PREFIX}/`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}

async function readForm(ctx: Ctx): Promise<URLSearchParams> {
  try {
    return new URLSearchParams(await readBody(ctx.req, 16 * 1024));
  } catch {
    ctx.throw(413);
  }
}

function filterFrom(query: Ctx['query'], categories: number): ItemFilter {
  const one = (key: string) => {
    const v = query[key];
    const s = (Array.isArray(v) ? v[0] : v)?.trim();
    return s ? s : undefined;
  };
  const category = Number(one('category'));
  const status = one('status');
  const unit = one('unit');
  const officer = one('officer');
  const q = one('q');
  return {
    ...(Number.isInteger(category) && category >= 0 && category < categories && { categoryIndex: category }),
    ...(status && isStatus(status) && { status }),
    ...(unit && { unit }),
    ...(officer && { officer }),
    ...(one('overdue') === '1' && { overdue: true }),
    ...(q && { q: q.slice(0, 100) }),
  };
}

/** Everyone the demo knows: its admins, every officer, and someone who is neither. */
function demoUsers(d: PageDeps): string[] {
  const officers = d.ledgers.all.flatMap((l) => l.items().flatMap((item) => item.officers));
  return [...new Set([...d.roles.adminIds(), ...officers, 'demo-viewer'])];
}

interface Assets {
  version: string;
  files: Map<string, { type: string; bytes: Buffer }>;
}

/** The page's stylesheet and script, read once; their hash versions their URLs. */
function loadAssets(dir: string): Assets {
  const files = new Map<string, { type: string; bytes: Buffer }>();
  const hash = createHash('sha256');
  for (const [name, type] of [
    ['page.css', 'text/css; charset=utf-8'],
    ['page.js', 'text/javascript; charset=utf-8'],
  ] as const) {
    const bytes = readFileSync(path.join(dir, name));
    hash.update(bytes);
    files.set(name, { type, bytes });
  }
  return { version: hash.digest('hex').slice(0, 10), files };
}
