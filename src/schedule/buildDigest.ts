import { editedFieldNames } from '../ledger/editedFieldNames.js';
import { formatTime } from '../text/formatTime.js';
import { shorten } from '../text/shorten.js';
import { STATUSES, type Item, type ItemEvent } from '../ledger/item.js';
import { formatRate, ledgerSummary } from '../ledger/ledgerSummary.js';
import { STALE_DAYS, staleItems } from '../ledger/staleItems.js';
import { escapeMarkdown } from '../text/escapeMarkdown.js';
import { daysBetween } from './calendarDate.js';
import { chineseDate, chineseRange } from './chineseDates.js';
import type { Festival } from './festivals.js';
import { isoWeek } from './isoWeek.js';
import { localTime } from './localTime.js';
import { nextReminder, type HolidayOverrides } from './reminderPlan.js';

/** What the digest reads. Ledger is one; the digest never writes. */
export interface DigestSource {
  items(): Item[];
  readonly categories: readonly string[];
  eventsSince(at: number): ItemEvent[];
  readonly createdAt: number;
}

/** One ledger's part of a digest that covers several: headed by its name, items by its code. */
export interface DigestSection {
  name: string;
  code: string;
  source: DigestSource;
}

export interface DigestSettings {
  timeZone: string;
  festivals: readonly Festival[];
  overrides?: HolidayOverrides;
  /** Public base URL of the ledger page; the digest ends with a link to its overview when set. */
  pageUrl?: string;
}

const DAY_MS = 86_400_000;
/** A digest looks back a full week whenever it is sent: on a Monday morning "this ISO week" would be empty. */
const WINDOW_MS = 7 * DAY_MS;
const REMINDER_LOOKAHEAD_DAYS = 7;
const DONE = '已完成整改';

/**
 * The weekly digest (周报) as markdown lines: a pure function of the ledger, the moment and the zone.
 * `cap` limits each list (categories, changes, stale items); what is left out is counted, not dropped silently.
 */
export function buildDigest(
  from: DigestSource | readonly DigestSection[],
  now: number,
  settings: DigestSettings,
  cap = Infinity,
): string[] {
  const { timeZone } = settings;
  const [year, weekNo] = isoWeek(now, timeZone).key.split('-W') as [string, string];
  const at = localTime(now, timeZone);
  const lines = [`**巡察整改周报 · ${year}年第${Number(weekNo)}周**`, `> 统计至 ${at.date} ${at.time}`];
  const sections = Array.isArray(from) ? from : [{ name: '', code: '', source: from as DigestSource }];
  for (const { name, code, source } of sections) {
    const label = (no: number) => (sections.length > 1 ? `${code}${no}` : `第${no}项`);
    if (sections.length > 1) lines.push('', `**【${escapeMarkdown(name, 'app')}】**`);
    lines.push(...totals(source, cap), '', ...changes(source, now, timeZone, cap, label));
    lines.push('', ...staleSection(source, now, cap, label));
  }
  const reminder = upcomingReminder(now, settings);
  if (reminder) lines.push('', reminder);
  if (settings.pageUrl) lines.push('', `[查看完整台账](${settings.pageUrl}/app/)`);
  return lines;
}

function totals(source: DigestSource, cap: number): string[] {
  const s = ledgerSummary(source.items(), source.categories);
  const moving = STATUSES.filter((status) => status !== DONE && s.byStatus[status] > 0).map(
    (status) => `${status} ${s.byStatus[status]} 项`,
  );
  const lines = [
    `共 **${s.total}** 项，${DONE} **${s.byStatus[DONE]}** 项，完成率 **${formatRate(s.completionRate)}**`,
  ];
  if (moving.length) lines.push(moving.join('；'));
  lines.push('', '**分类**（已完成/总数）');
  const shown = s.categories.slice(0, cap);
  for (const c of shown) lines.push(`· ${shorten(c.name, 18)} ${c.done}/${c.total}`);
  if (s.categories.length > shown.length) lines.push(`……另有 ${s.categories.length - shown.length} 个类别未列出`);
  return lines;
}

interface Change {
  at: number;
  itemNo: number;
  by: string;
  what: string;
  photos: number;
}

function changes(
  source: DigestSource,
  now: number,
  timeZone: string,
  cap: number,
  label: (no: number) => string,
): string[] {
  const since = now - WINDOW_MS;
  const list: Change[] = [];
  // Photos come in bursts: one line per item and sender, not one per photo.
  const photoLines = new Map<string, Change>();
  for (const e of source.eventsSince(since)) {
    // A future stamp (a clock that ran fast) is not news yet; what follows it may well be.
    if (e.at > now) continue;
    if (e.type === 'evidence') {
      const key = `${e.itemNo}:${e.by}`;
      const line = photoLines.get(key);
      if (line) {
        line.photos += 1;
        line.at = e.at;
        continue;
      }
      const fresh = { at: e.at, itemNo: e.itemNo, by: e.by, what: '', photos: 1 };
      photoLines.set(key, fresh);
      list.push(fresh);
      continue;
    }
    list.push({ at: e.at, itemNo: e.itemNo, by: e.by, what: describe(e), photos: 0 });
  }
  list.sort((a, b) => b.at - a.at);
  const head = `**近7天进展**（${formatTime(since, timeZone)} 以来，${list.length} 条）`;
  if (!list.length) return [head, '近7天没有登记新的进展。'];
  const shown = list
    .slice(0, cap)
    .map(
      (c) =>
        `· ${formatTime(c.at, timeZone)} ${label(c.itemNo)} ${who(c.by)}：${c.photos ? `上传佐证照片 ${c.photos} 张` : c.what}`,
    );
  if (list.length > shown.length) shown.push(`……另有 ${list.length - shown.length} 条较早的进展未列出`);
  return [head, ...shown];
}

function describe(e: Exclude<ItemEvent, { type: 'evidence' }>): string {
  switch (e.type) {
    case 'update':
      return `进展「${inline(e.text, 30)}」`;
    case 'status':
      return `状态改为「${e.status}」`;
    case 'assign':
      return `指派给 ${inline(e.officers.join('、'), 30) || '（无人）'}${e.unit ? `（${inline(e.unit, 12)}）` : ''}`;
    case 'received':
      return '已接收指派';
    case 'edit':
      return `修改台账（${editedFieldNames(e.fields)}）`;
    case 'add':
      return '新增到台账';
    case 'remove':
      return '移出台账';
  }
}

function staleSection(source: DigestSource, now: number, cap: number, label: (no: number) => string): string[] {
  const stale = staleItems(source, now);
  const head = `**长期未更新**（${STALE_DAYS}天以上，${stale.length} 项）`;
  if (!stale.length) return [head, '没有。'];
  const shown = stale
    .slice(0, cap)
    .map(
      ({ item, days }) =>
        `· ${label(item.no)} ${shortTitle(item.title)} · ${days}天 · 责任人：${inline(item.officers.join('、'), 30) || '未指派'}`,
    );
  if (stale.length > shown.length) shown.push(`……另有 ${stale.length - shown.length} 项未列出，完整情况请导出台账查看`);
  return [head, ...shown];
}

function upcomingReminder(now: number, settings: DigestSettings): string | undefined {
  const today = localTime(now, settings.timeZone).date;
  const next = nextReminder(today, settings.festivals, settings.overrides);
  if (!next || daysBetween(today, next.send) > REMINDER_LOOKAHEAD_DAYS) return undefined;
  const when = next.send === today ? '今天' : chineseDate(next.send, false);
  const holiday =
    next.source === 'computed'
      ? `${chineseDate(next.holidayStart, true)}，放假安排以国务院通知为准`
      : chineseRange(next.holidayStart, next.holidayEnd);
  return `**节前提醒**：${when}发送「廉洁过${next.festival}」提醒（${holiday}）`;
}

/** 关于“阵地建设极不严肃问题整改不到位”的问题 → 阵地建设极不严肃问题整改不到位, cut for a phone line. */
function shortTitle(title: string): string {
  return inline(
    title
      .replace(/^关于/, '')
      .replace(/的问题$/, '')
      .replace(/[“”"]/g, ''),
    20,
  );
}

function who(userId: string): string {
  return userId === 'system' ? '系统' : userId;
}

/**
 * Members' text on one line, inert as markdown: one digest goes to app chats and robots alike, and
 * robot markdown covers the app's.
 */
function inline(text: string, max: number): string {
  return shorten(escapeMarkdown(text.replace(/\s+/g, ' ').trim(), 'robot'), max);
}
