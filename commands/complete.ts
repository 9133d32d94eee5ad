import { changeStatusOnce } from '../src/bot/changeStatusOnce.js';
import { itemScope } from '../src/bot/itemScope.js';
import type { Command } from '../src/bot/Command.js';
import { noteProblem } from '../src/bot/noteProblem.js';
import { parseItemNo } from '../src/bot/parseItemNo.js';
import { refuseUnlessMayUpdate } from '../src/bot/refuseUnlessMayUpdate.js';
import { shorten } from '../src/text/shorten.js';
import { decisionCard } from '../src/cards/decisionCard.js';

export const complete: Command = {
  name: '完成',
  role: 'anyone',
  help: [
    '完成 20 清淤已验收 —— 责任人申请销号（转为待销号，通知管理员核实）',
    '发照片 —— 登记进展或申请销号后30分钟内发的照片，作为该项佐证材料',
  ],
  async run(ctx) {
    const arg = parseItemNo(ctx.args, ctx.ledgers, '完成');
    if ('error' in arg) return arg.error;
    const scope = itemScope(ctx, arg);
    const { item, rest: note } = arg;
    const no = item.no;
    const refusal = refuseUnlessMayUpdate(ctx, item, { log: 'complete', action: `为${scope.name}申请销号` });
    if (refusal) return refusal;
    if (item.status === '已完成整改') return `${scope.name}已是「已完成整改」，无需再申请销号。`;
    if (item.status === '待销号')
      return `${scope.name}已申请销号，正等待管理员（${ctx.roles.adminList()}）核实。要补充情况请发送「进度 ${scope.ref} 说明」。`;
    const problem = noteProblem(note, `完成 ${no} 清淤已验收`);
    if (problem) return problem;

    const lost = await changeStatusOnce(scope, item.status, {
      type: 'status',
      itemNo: no,
      by: ctx.userId,
      at: ctx.now,
      status: '待销号',
      note,
    });
    if (lost) return lost;
    const notice = `${scope.name}申请销号（${ctx.userId}）：${shorten(note, 200)}\n核实后请发送「销号 ${scope.ref}」，不同意请发送「退回 ${scope.ref} 原因」。`;
    // This submission's own 完成, newest first in the item's history.
    const basis = scope.store
      .itemHistory(no, 20)
      .find((e) => e.type === 'status' && e.status === '待销号' && e.by === ctx.userId)?.seq;
    const card = {
      purpose: 'decide' as const,
      refs: [scope.ref],
      ...(basis !== undefined && { basis }),
      build: (taskId: string) =>
        decisionCard(taskId, { name: scope.name, item, by: ctx.userId, at: ctx.now, note, timeZone: ctx.timeZone }),
    };
    const key = `complete:${ctx.msgId ?? ctx.now}:${scope.key}`;
    const told = await ctx.notify(ctx.roles.adminIds(), notice, key, card);
    return `${scope.name}已申请销号，状态改为「待销号」${told ? '，已通知管理员核实' : ''}。\n可接着发照片作佐证材料。`;
  },
};
