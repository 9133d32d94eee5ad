import { changeStatusOnce } from '../src/bot/changeStatusOnce.js';
import { itemScope } from '../src/bot/itemScope.js';
import type { Command } from '../src/bot/Command.js';
import { noteProblem } from '../src/bot/noteProblem.js';
import { parseItemNo } from '../src/bot/parseItemNo.js';
import { shorten } from '../src/text/shorten.js';

/**
 * Sends an item back to 整改中 from any other status: usually a 待销号 submission that does not
 * hold up, but also a closed item whose problem came back (问题反弹).
 */
export const reject: Command = {
  name: '退回',
  role: 'admin',
  help: ['退回 20 缺少验收照片 —— 管理员退回重新整改（→ 整改中，告知责任人）'],
  async run(ctx) {
    const arg = parseItemNo(ctx.args, ctx.ledgers, '退回');
    if ('error' in arg) return arg.error;
    const scope = itemScope(ctx, arg);
    const { item, rest: reason } = arg;
    const no = item.no;
    if (item.status === '整改中') return `${scope.name}已在「整改中」，无需退回。`;
    const problem = noteProblem(reason, `退回 ${no} 缺少验收照片`);
    if (problem) return problem;

    const before = item.status;
    const lost = await changeStatusOnce(scope, before, {
      type: 'status',
      itemNo: no,
      by: ctx.userId,
      at: ctx.now,
      status: '整改中',
      note: reason,
    });
    if (lost) return lost;
    const notice = `${scope.name}被退回重新整改（${ctx.userId}）：${shorten(reason, 200)}\n整改到位后请再发送「完成 ${scope.ref} 说明」。`;
    const queued = await ctx.notify(item.officers, notice, `reject:${ctx.msgId ?? ctx.now}:${scope.key}`);
    const told = !item.officers.length
      ? '该项还没有责任人，无人可告知；可用「指派」指定'
      : queued
        ? `已告知责任人 ${item.officers.join('、')}`
        : '尚未告知责任人';
    return `${scope.name}已退回：「${before}」→「整改中」。${told}。`;
  },
};
