import { appendOnce } from '../src/bot/appendOnce.js';
import { changeStatusOnce, STATUS_VERBS } from '../src/bot/changeStatusOnce.js';
import type { Command, CommandContext } from '../src/bot/Command.js';
import { type ItemScope, itemScope } from '../src/bot/itemScope.js';
import { MAX_NOTE_CHARS } from '../src/bot/noteProblem.js';
import { parseItemNo } from '../src/bot/parseItemNo.js';
import { isTakeable, OWN_RETRACT_MS, type Takeable, takeableName } from '../src/bot/takeBack.js';
import type { ItemEvent, NewItemEvent } from '../src/ledger/item.js';
import type { LedgerItem } from '../src/ledger/LedgerSet.js';
import { retractedSeqs } from '../src/ledger/retractedSeqs.js';
import { formatTime } from '../src/text/formatTime.js';

/**
 * 撤回 takes an update, a photo or a 完成 back by recording that it no longer counts: history is never
 * rewritten. Owners may within 30 minutes; admins may take back anyone's at any time, since junk is
 * often noticed only in the weekly digest.
 */
export const retract: Command = {
  name: '撤回',
  role: 'anyone',
  help: [
    '撤回 —— 撤回自己30分钟内最近一条进展、照片或销号申请',
    '撤回 20 —— 撤回自己在第20项的最近一条（管理员：任何人的，不限时间）',
  ],
  async run(ctx) {
    if (ctx.msgId !== undefined && ctx.ledgers.hasMessage(ctx.msgId)) return '这条撤回已处理过。';
    const found = ctx.args ? onItem(ctx) : newestOwn(ctx);
    return typeof found === 'string' ? found : takeBack(ctx, found);
  },
};

interface Found {
  scope: ItemScope;
  target: Takeable;
  /** The item's history, newest first, and what of it was taken back already. */
  history: ItemEvent[];
  note: string;
}

const mine = (ctx: CommandContext, e: ItemEvent) => e.by.toLowerCase() === ctx.userId.toLowerCase();

/** 撤回 alone: what the sender did last, in any ledger, if it was within the last 30 minutes. */
function newestOwn(ctx: CommandContext): Found | string {
  let best: { ledger: LedgerItem['ledger']; e: Takeable } | undefined;
  for (const ledger of ctx.ledgers.all)
    for (const e of ledger.eventsSince(ctx.now - OWN_RETRACT_MS))
      if (isTakeable(e) && mine(ctx, e) && ledger.item(e.itemNo) && (!best || e.at >= best.e.at)) best = { ledger, e };
  if (!best) {
    const older = ctx.roles.isAdmin(ctx.userId)
      ? '更早的请发送「撤回 编号」'
      : `更早的请联系管理员（${ctx.roles.adminList()}）撤回`;
    return `你 30 分钟内没有可撤回的进展、照片或销号申请。${older}。`;
  }
  const { ledger, e } = best;
  const scope = itemScope(ctx, { ledger, item: ledger.item(e.itemNo)! });
  return { scope, target: e, history: ledger.itemHistory(e.itemNo), note: '' };
}

/** 撤回 N: the sender's newest on that item; an admin's takes the newest of anyone's. */
function onItem(ctx: CommandContext): Found | string {
  const arg = parseItemNo(ctx.args, ctx.ledgers, '撤回');
  if ('error' in arg) return arg.error;
  if ([...arg.rest].length > MAX_NOTE_CHARS) return `说明最多 ${MAX_NOTE_CHARS} 字，请精简后再发。`;
  const scope = itemScope(ctx, arg);
  const history = arg.ledger.itemHistory(arg.item.no);
  const gone = retractedSeqs(history);
  const open = history.filter((e): e is Takeable => isTakeable(e) && !gone.has(e.seq));
  const admin = ctx.roles.isAdmin(ctx.userId);
  const target = admin ? open[0] : open.find((e) => mine(ctx, e));
  if (!target) {
    if (open.length) {
      ctx.refused('retract', arg.item.no);
      return `${scope.name}没有你登记的可撤回记录。别人登记的只有管理员（${ctx.roles.adminList()}）可以撤回。`;
    }
    const again = history.some((e) => isTakeable(e) && gone.has(e.seq) && (admin || mine(ctx, e)));
    return `${scope.name}没有${admin ? '' : '你登记的'}可撤回的进展、照片或销号申请${again ? '（已撤回的不能再撤回）' : ''}。`;
  }
  if (!admin && ctx.now - target.at > OWN_RETRACT_MS) {
    const when = formatTime(target.at, ctx.timeZone);
    return `${scope.name}你最近的${takeableName(target)}是 ${when} 登记的，已超过 30 分钟，自己不能撤回。如确需撤回，请联系管理员（${ctx.roles.adminList()}）。`;
  }
  return { scope, target, history, note: arg.rest };
}

async function takeBack(ctx: CommandContext, { scope, target, history, note }: Found): Promise<string> {
  const when = formatTime(target.at, ctx.timeZone);
  const what = takeableName(target);
  const event: NewItemEvent = {
    type: 'retract',
    itemNo: scope.item.no,
    by: ctx.userId,
    at: ctx.now,
    target: target.seq,
    ...(note && { note }),
  };
  if (target.type === 'status') {
    const gone = retractedSeqs(history);
    // history is newest first: the oldest later status change is the one that acted on this 完成.
    const acted = history.findLast((e) => e.type === 'status' && e.seq > target.seq && !gone.has(e.seq));
    if (acted?.type === 'status') {
      const verb = STATUS_VERBS[acted.status];
      return `${scope.name}的销号申请已被 ${acted.by} 于 ${formatTime(acted.at, ctx.timeZone)} ${verb}，不能撤回。`;
    }
    const lost = await changeStatusOnce(scope, '待销号', event);
    if (lost) return lost;
  } else if (!(await appendOnce(scope, [event]))) return '这条撤回已处理过。';

  const item = scope.store.item(scope.item.no) ?? scope.item;
  const key = `${ctx.msgId ?? ctx.now}:${scope.key}`;
  const lines = [`已撤回：${scope.name}的${what}（${when}）。`];
  if (target.type === 'status') {
    const admins = ctx.roles.adminIds().filter((id) => id !== ctx.userId.toLowerCase());
    const notice = `${scope.name}的销号申请（${when}）已由 ${ctx.userId} 撤回，状态恢复为「${item.status}」，无需核实。`;
    const told = admins.length > 0 && (await ctx.notify(admins, notice, `retract:${key}`));
    lines.push(`状态恢复为「${item.status}」${told ? '，已告知管理员' : ''}。`);
  }
  if (target.type === 'update' && target.percent !== undefined)
    lines.push(item.percent === undefined ? '完成度恢复为未填写。' : `完成度恢复为 ${item.percent}%。`);
  if (!mine(ctx, target)) {
    const notice = `${ctx.userId} 撤回了你在${scope.name}的${what}（${when}）${note ? `：${note}` : '。'}`;
    await ctx.notify([target.by], notice, `retract-author:${key}`);
  }
  return lines.join('\n');
}
