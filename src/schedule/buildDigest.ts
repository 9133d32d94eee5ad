import { editedFieldNames } from '../ledger/editedFieldNames.js';
import { formatTime } from '../text/formatTime.js';
import { shorten } from '../text/shorten.js';
import { STATUSES, type Item, type ItemEvent } from '../ledger/item.js';
import { formatRate, type LedgerSummary, ledgerSummary } from '../ledger/ledgerSummary.js';
import { daysLeft, formatDaysLeft } from '../ledger/daysLeft.js';
import { deadlineChange } from '../ledger/deadlineChange.js';
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

/** One ledger's part of a digest: headed by its name, items by its code (both empty with one ledger). */
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
const DUE_SOON_DAYS = 7;
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
  return prepareDigest(from, now, settings)(cap);
}

/**
 * Everything the digest counts, computed once; the lines for any `cap` are then cheap to make, since
 * weeklyDigest tries ever smaller caps until the digest fits (with 20 ledgers, every one of them).
 */
export function prepareDigest(
  from: DigestSource | readonly DigestSection[],
  now: number,
  settings: DigestSettings,
): (cap: number) => string[] {
  const { timeZone } = settings;
  const [year, weekNo] = isoWeek(now, timeZone).key.split('-W') as [string, string];
  const at = localTime(now, timeZone);
  const sections = (Array.isArray(from) ? from : [{ name: '', code: '', source: from as DigestSource }]).map(
    ({ name, code, source }) => ({
      name,
      // Coded sections come from a bot with several ledgers: even a target following one is told which.
      label: (no: number) => (code ? `${code}${no}` : `第${no}项`),
      summary: ledgerSummary(source.items(), source.categories),
      changes: changeList(source, now),
      stale: staleItems(source, now),
      dated: datedItems(source, at.date),
    }),
  );
  const reminder = upcomingReminder(now, settings);
  return (cap) => {
    const lines = [`**巡察整改周报 · ${year}年第${Number(weekNo)}周**`, `> 统计至 ${at.date} ${at.time}`];
    for (const { name, label, summary, changes, stale, dated } of sections) {
      if (name) lines.push('', `**【${escapeMarkdown(name, 'app')}】**`);
      lines.push(...totals(summary, cap), '', ...changeLines(changes, now, timeZone, cap, label));
      lines.push(...deadlineSections(dated, cap, label));
      lines.push('', ...staleSection(stale, cap, label));
    }
    if (reminder) lines.push('', reminder);
    if (settings.pageUrl) lines.push('', `[查看完整台账](${settings.pageUrl}/app/)`);
    return lines;
  };
}

function totals(s: LedgerSummary, cap: number): string[] {
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

/** The week's events, newest first; photos come in bursts: one line per item and sender, not one per photo. */
function changeList(source: DigestSource, now: number): Change[] {
  const list: Change[] = [];
  const photoLines = new Map<string, Change>();
  for (const e of source.eventsSince(now - WINDOW_MS)) {
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
  return list.sort((a, b) => b.at - a.at);
}

function changeLines(
  list: readonly Change[],
  now: number,
  timeZone: string,
  cap: number,
  label: (no: number) => string,
): string[] {
  const head = `**近7天进展**（${formatTime(now - WINDOW_MS, timeZone)} 以来，${list.length} 条）`;
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
    case 'deadline':
      return `整改时限 ${inline(deadlineChange(e.previous, e.deadline), 40)}`;
    case 'received':
      return '已接收指派';
    case 'edit':
      return `修改台账（${editedFieldNames(e.fields)}）`;
    case 'add':
      return '新增到台账';
    case 'remove':
      return '移出台账';
    case 'retract':
      return '撤回一条记录'; // a LedgerView leaves these out of eventsSince; other sources may not
  }
}

/** 已逾期 and 7 天内到期, each only when it lists something: most ledgers' digests have no deadlines at all. */
function deadlineSections(dated: readonly Dated[], cap: number, label: (no: number) => string): string[] {
  const lines: string[] = [];
  const overdue = dated.filter((d) => d.days < 0);
  const soon = dated.filter((d) => d.days >= 0);
  if (overdue.length) lines.push('', `**已逾期**（${overdue.length} 项）`, ...itemLines(overdue, cap, label, due));
  if (soon.length)
    lines.push('', `**${DUE_SOON_DAYS} 天内到期**（${soon.length} 项）`, ...itemLines(soon, cap, label, due));
  return lines;
}

interface Dated {
  item: Item;
  days: number;
}

/** Items whose deadline has passed or comes within DUE_SOON_DAYS, most urgent first. */
function datedItems(source: DigestSource, today: string): Dated[] {
  return source
    .items()
    .map((item) => ({ item, days: daysLeft(item, today) }))
    .filter((d): d is Dated => d.days !== undefined && d.days <= DUE_SOON_DAYS)
    .sort((a, b) => a.days - b.days || a.item.no - b.item.no);
}

const due = ({ item, days }: Dated) => `${item.deadline!.date} ${formatDaysLeft(days)}`;

/** One line per item — number, problem, what is due, officers — capped, with what was left out counted. */
function itemLines<T extends { item: Item }>(
  list: readonly T[],
  cap: number,
  label: (no: number) => string,
  what: (entry: T) => string,
): string[] {
  const shown = list
    .slice(0, cap)
    .map(
      (entry) =>
        `· ${label(entry.item.no)} ${shortTitle(entry.item.title)} · ${what(entry)} · 责任人：${inline(entry.item.officers.join('、'), 30) || '未指派'}`,
    );
  if (list.length > shown.length) shown.push(`……另有 ${list.length - shown.length} 项未列出，完整情况请导出台账查看`);
  return shown;
}

function staleSection(stale: ReturnType<typeof staleItems>, cap: number, label: (no: number) => string): string[] {
  const head = `**长期未更新**（${STALE_DAYS}天以上，${stale.length} 项）`;
  if (!stale.length) return [head, '没有。'];
  return [head, ...itemLines(stale, cap, label, ({ days }) => `${days}天`)];
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

/**
 * 关于“阵地建设极不严肃问题整改不到位”的问题 → 阵地建设极不严肃问题整改不到位,
 * cut for a phone line.
 */
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
