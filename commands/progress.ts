import { appendOnce } from '../src/bot/appendOnce.js';
import { type ItemScope, itemScope } from '../src/bot/itemScope.js';
import type { Command, CommandContext } from '../src/bot/Command.js';
import { formatTime } from '../src/text/formatTime.js';
import { localTime } from '../src/schedule/localTime.js';
import { parseItemNo } from '../src/bot/parseItemNo.js';
import { refuseUnlessMayUpdate } from '../src/bot/refuseUnlessMayUpdate.js';
import { measurePoints } from '../src/bot/measurePoints.js';
import { noteProblem } from '../src/bot/noteProblem.js';
import { shorten } from '../src/text/shorten.js';
import { fitBytes } from '../src/text/fitBytes.js';
import { TEXT_LIMIT } from '../src/reply/channelLimits.js';
import type { Item, ItemEvent } from '../src/ledger/item.js';
import { itemDetailLines } from '../src/ledger/itemDetailLines.js';
import type { Ledger } from '../src/ledger/Ledger.js';
import { itemPath } from '../src/page/pagePaths.js';
import { officerNames } from '../src/ledger/officerNames.js';
import { retractedSeqs } from '../src/ledger/retractedSeqs.js';
import type { Roster } from '../src/people/Roster.js';
import { progressCard } from '../src/cards/progressCard.js';
import { taskIdFor } from '../src/cards/taskIdFor.js';
import type { Reply } from '../src/reply/Reply.js';

export const progress: Command = {
  name: '进度',
  // 「第20项」 alone asks about item 20.
  aliases: ['第'],
  role: 'anyone',
  help: ['进度 20 —— 查看第20项', '进度 20 清淤完成75% —— 责任人或管理员登记进展'],
  async run(ctx) {
    const arg = parseItemNo(ctx.args, ctx.ledgers, '进度');
    if ('error' in arg) return arg.error;
    const scope = itemScope(ctx, arg);
    return arg.rest ? update(ctx, scope, arg.rest) : withCard(ctx, scope, view(ctx, scope));
  },
};

/**
 * The view, with a card where it is shown (the 智能机器人 in a group); its TaskId is the message's.
 * Elsewhere none is built: 进度 N is the commonest request.
 */
function withCard(ctx: CommandContext, scope: ItemScope, text: string): Reply | string {
  if (ctx.msgId === undefined || !ctx.group) return text;
  const today = localTime(ctx.now, ctx.timeZone).date;
  const { name, ref, item } = scope;
  const taskId = taskIdFor(`progress:${ctx.msgId}`, ctx.userId);
  return { type: 'card', card: progressCard(taskId, { name, ref, item, today, timeZone: ctx.timeZone }), text };
}

async function update(ctx: CommandContext, scope: ItemScope, text: string): Promise<string> {
  const { item } = scope;
  const refusal = refuseUnlessMayUpdate(ctx, item, { log: 'update', action: `更新${scope.name}`, mayDo: '登记进展' });
  if (refusal) return refusal;
  const problem = noteProblem(text, `进度 ${scope.ref} 清淤完成75%`);
  if (problem) return problem;
  const percent = percentIn(text);
  if (percent === 'impossible')
    return `完成度应在 0–100% 之间，这条没有登记。请改正后再发，例如：进度 ${scope.ref} 清淤完成75%`;
  const fresh = await appendOnce(scope, [
    { type: 'update', itemNo: item.no, by: ctx.userId, at: ctx.now, text, ...(percent !== undefined && { percent }) },
  ]);
  if (!fresh) return `${scope.name}的这条进展已登记过。`;
  // A closed item keeps its 100%: the note is kept, but only 退回 reopens the item.
  if (item.status === '已完成整改') {
    const reopen = `如需重新整改，请管理员发送「退回 ${scope.ref} 原因」。`;
    return `已登记${scope.name}进展：\n${shorten(text, 60)}\n${scope.name}已销号（已完成整改），完成度不变。${reopen}`;
  }
  return `已登记${scope.name}进展${percent !== undefined ? `（完成度 ${percent}%）` : ''}：\n${shorten(text, 60)}`;
}

/** The last percentage in the text: "清淤完成75%" → 75; one above 100% is a typo to ask about, not to drop. */
function percentIn(text: string): number | 'impossible' | undefined {
  const all = [...text.normalize('NFKC').matchAll(/(\d+(?:\.\d+)?)\s*%/g)];
  if (!all.length) return undefined;
  const value = Number(all[all.length - 1]![1]);
  return value <= 100 ? value : 'impossible';
}

/** Rendered views by item: an item's view changes only with a new event, and 进度 N is the commonest request. */
const views = new WeakMap<
  Item,
  { lastSeq: number; timeZone: string; today: string; name: string; roster: Roster; text: string }
>();

function view(ctx: CommandContext, scope: ItemScope): string {
  const { item } = scope;
  const cached = views.get(item);
  const roster = ctx.roles.roster();
  // The name depends on how many ledgers there are, which an import while running can change; the
  // 责任人 marks on the roster, which people.csv or `people sync` can change; the days left to the
  // deadline on the date in the ledger's zone.
  const today = localTime(ctx.now, ctx.timeZone).date;
  if (
    cached &&
    cached.lastSeq === item.lastSeq &&
    cached.timeZone === ctx.timeZone &&
    cached.today === today &&
    cached.name === scope.name &&
    cached.roster === roster
  )
    return cached.text;
  const page = ctx.pageUrl ? `${ctx.pageUrl}${itemPath(scope.ref)}` : undefined;
  const text = withLink(render(ctx, scope, today), page);
  views.set(item, { lastSeq: item.lastSeq, timeZone: ctx.timeZone, today, name: scope.name, roster, text });
  return text;
}

/** The item page's address as the last line, kept whole: the view above it gives way when space is short. */
function withLink(text: string, url: string | undefined): string {
  if (!url) return text;
  const link = `\n详情：${url}`;
  return fitBytes(text, TEXT_LIMIT - Buffer.byteLength(link)) + link;
}

function render(ctx: CommandContext, scope: ItemScope, today: string): string {
  const { item, store } = scope;
  const lines = [
    `【${scope.name}】${item.status}`,
    `类别：${store.categories[item.categoryIndex] ?? item.category}`,
    `问题：${shorten(item.title, 80)}`,
    `责任人：${officerNames(item)}${item.unit ? `（${item.unit}）` : ''}`,
    ...itemDetailLines(item, { today, isBound: (name) => ctx.roles.roster().boundUserId(name) !== undefined }),
  ];
  if (item.percent !== undefined) lines.push(`完成度：${item.percent}%`);
  const updates = latestUpdates(store, item.no, 3);
  if (updates.length) {
    lines.push('最新进展：');
    for (const e of updates) lines.push(`· ${formatTime(e.at, ctx.timeZone)} ${e.by}：${shorten(e.text, 60)}`);
  }
  if (item.evidenceCount) lines.push(`佐证材料：${item.evidenceCount} 张照片`);
  lines.push(...measuresSummary(item.measures));
  return lines.join('\n');
}

type UpdateEvent = Extract<ItemEvent, { type: 'update' }>;
const isUpdate = (e: ItemEvent): e is UpdateEvent => e.type === 'update';

/** The newest `count` progress updates, newest first, without copying all of a long history on every view. */
function latestUpdates(store: Ledger, no: number, count: number): UpdateEvent[] {
  // Nearly all history is updates, so the last few events almost always hold enough of them.
  const window = count * 4;
  const recent = store.itemHistory(no, window);
  const updates = standing(recent);
  if (updates.length >= count || recent.length < window) return updates.slice(0, count);
  return standing(store.itemHistory(no)).slice(0, count);
}

/** The updates among newest-first events that were not taken back (撤回). */
function standing(events: readonly ItemEvent[]): UpdateEvent[] {
  const gone = retractedSeqs(events);
  return events.filter((e): e is UpdateEvent => isUpdate(e) && !gone.has(e.seq));
}

/** By measures list: the report's text of an item never changes, and each list is the item's own copy. */
const summaries = new WeakMap<readonly string[], readonly string[]>();

/** The measures as a phone shows them: how many points, the first four shortened. */
function measuresSummary(measures: readonly string[]): readonly string[] {
  let summary = summaries.get(measures);
  if (!summary) {
    const points = measurePoints(measures);
    summary = [
      `整改措施（共${points.length}条，摘要）：`,
      ...points.slice(0, 4).map((p) => `· ${shorten(p, 36)}`),
      ...(points.length > 4 ? [`……另有 ${points.length - 4} 条`] : []),
    ];
    summaries.set(measures, summary);
  }
  return summary;
}
