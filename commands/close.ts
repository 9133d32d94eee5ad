import { changeStatusOnce } from '../src/bot/changeStatusOnce.js';
import { itemScope } from '../src/bot/itemScope.js';
import type { Command } from '../src/bot/Command.js';
import { MAX_NOTE_CHARS } from '../src/bot/noteProblem.js';
import { parseItemNo } from '../src/bot/parseItemNo.js';
import { ledgerSummary } from '../src/ledger/ledgerSummary.js';

/**
 * Only an item awaiting verification (待销号) can be closed: the discipline office verifies what an
 * officer submitted, so a close always follows a 完成 that says what was done. An admin who did the
 * work can send 完成 first.
 */
export const close: Command = {
  name: '销号',
  role: 'admin',
  help: ['销号 20 —— 管理员核实后销号（待销号 → 已完成整改）'],
  async run(ctx) {
    const arg = parseItemNo(ctx.args, ctx.ledgers, '销号');
    if ('error' in arg) return arg.error;
    const scope = itemScope(ctx, arg);
    const { item, rest: note } = arg;
    const no = item.no;
    if (item.status === '已完成整改') return `${scope.name}已是「已完成整改」，不能重复销号。`;
    if (item.status !== '待销号') {
      return `${scope.name}当前是「${item.status}」，还没有申请销号。请责任人先发送「完成 ${scope.ref} 说明」，核实后再销号。`;
    }
    if ([...note].length > MAX_NOTE_CHARS) return `说明最多 ${MAX_NOTE_CHARS} 字，请精简后再发。`;

    const lost = await changeStatusOnce(scope, '待销号', {
      type: 'status',
      itemNo: no,
      by: ctx.userId,
      at: ctx.now,
      status: '已完成整改',
      ...(note && { note }),
    });
    if (lost) return lost;
    await ctx.notify(
      item.officers,
      `${scope.name}已销号（${ctx.userId}核实），状态为「已完成整改」。`,
      `close:${ctx.msgId ?? ctx.now}:${scope.key}`,
    );
    const s = ledgerSummary(scope.store.items(), scope.store.categories);
    return `${scope.name}已销号，状态改为「已完成整改」。台账已完成 ${s.byStatus.已完成整改}/${s.total} 项。`;
  },
};
