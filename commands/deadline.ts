import { appendOnce } from '../src/bot/appendOnce.js';
import type { Command } from '../src/bot/Command.js';
import { itemScope } from '../src/bot/itemScope.js';
import { DEADLINE_FORMS, parseDeadlineArg } from '../src/bot/parseDeadlineArg.js';
import { parseItemNo } from '../src/bot/parseItemNo.js';
import { daysLeft, formatDaysLeft } from '../src/ledger/daysLeft.js';
import { formatDeadline } from '../src/ledger/formatDeadline.js';
import type { Deadline } from '../src/ledger/item.js';
import { localTime } from '../src/schedule/localTime.js';

/**
 * A date already past is accepted, with a warning: a 台账 records the deadline its 方案 set, and one
 * that was missed is exactly what the office must see as overdue. A typo shows in the reply at once.
 */
export const deadline: Command = {
  name: '时限',
  role: 'admin',
  help: ['时限 20 2026-12-31 —— 管理员设定整改时限（也可写 12月底；「长期」表示长期坚持、不设日期）'],
  async run(ctx) {
    const arg = parseItemNo(ctx.args, ctx.ledgers, '时限');
    if ('error' in arg) return arg.error;
    const scope = itemScope(ctx, arg);
    const { item, rest } = arg;
    const usage = `例如：时限 ${scope.ref} 2026-12-31。可写：${DEADLINE_FORMS}。`;
    const now = item.deadline ? formatDeadline(item.deadline) : '未设';
    if (!rest) return `${scope.name}的整改时限：${now}。\n${usage}`;
    if (item.status === '已完成整改')
      return `${scope.name}已完成整改，无需设时限。如需重新整改，请先发送「退回 ${scope.ref} 原因」。`;
    const today = localTime(ctx.now, ctx.timeZone).date;
    const parsed = parseDeadlineArg(rest, today);
    if ('error' in parsed) return `${parsed.error}\n${usage}`;
    const next = parsed.deadline;
    if (same(item.deadline, next)) return `${scope.name}的整改时限已是${now}，没有改动。`;
    const fresh = await appendOnce(scope, [
      {
        type: 'deadline',
        itemNo: item.no,
        by: ctx.userId,
        at: ctx.now,
        ...(next && { deadline: next }),
        ...(item.deadline && { previous: item.deadline }),
      },
    ]);
    if (!fresh) return `${scope.name}的这次时限设定已登记过。`;
    if (!next) return `已取消${scope.name}的整改时限（原为${now}）。`;
    if (!next.date) return `已将${scope.name}标为长期坚持，不设完成日期（原为${now}）。`;
    const days = daysLeft({ status: item.status, deadline: next }, today);
    const set = `已将${scope.name}的整改时限设为 ${formatDeadline(next)}${days === undefined ? '' : `（${formatDaysLeft(days)}）`}。`;
    return days !== undefined && days < 0
      ? `${set}\n注意：这个日期已经过去，该项即显示为逾期；如写错了，请重新发送「时限 ${scope.ref} 日期」。`
      : set;
  },
};

function same(a: Deadline | undefined, b: Deadline | undefined): boolean {
  return (
    a?.date === b?.date && Boolean(a?.longTerm) === Boolean(b?.longTerm) && (a === undefined) === (b === undefined)
  );
}
