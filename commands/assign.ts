import { appendOnce } from '../src/bot/appendOnce.js';
import { itemScope } from '../src/bot/itemScope.js';
import type { Command } from '../src/bot/Command.js';
import { parseItemNo } from '../src/bot/parseItemNo.js';
import { type Assignee, parseAssignees } from '../src/bot/parseAssignees.js';
import { shorten } from '../src/text/shorten.js';
import { assignedCard } from '../src/cards/assignedCard.js';

const USAGE =
  '格式：指派 20 张三、李四 河道办（姓名或 userid，用顿号、逗号或空格隔开；责任单位写在最后，以办/所/局/中心/社区等结尾，可省略）';
const MAX_OFFICERS = 10;
const MAX_UNIT_CHARS = 30;

export const assign: Command = {
  name: '指派',
  role: 'admin',
  help: ['指派 20 张三、李四 河道办 —— 管理员按姓名或 userid 指定责任人（和责任单位）'],
  async run(ctx) {
    const arg = parseItemNo(ctx.args, ctx.ledgers, '指派');
    if ('error' in arg) return arg.error;
    const scope = itemScope(ctx, arg);
    const { item, rest } = arg;
    const parsed = parseAssignees(rest, ctx.roles.roster());
    if ('error' in parsed) return `${parsed.error}\n${USAGE}`;
    const officers = parsed.officers.map((o) => o.userId);
    const unit = parsed.unit ?? '';
    if (!officers.length) return `请写出${scope.name}的责任人（姓名或 userid）。\n${USAGE}`;
    if (officers.length > MAX_OFFICERS) return `一项最多指派 ${MAX_OFFICERS} 位责任人。`;
    if ([...unit].length > MAX_UNIT_CHARS) return `责任单位最多 ${MAX_UNIT_CHARS} 字。`;

    await appendOnce(scope, [
      { type: 'assign', itemNo: item.no, by: ctx.userId, at: ctx.now, officers, ...(unit && { unit }) },
    ]);
    const notice = [
      `你已被指派为${scope.name}整改事项的责任人${unit ? `（${unit}）` : ''}：`,
      shorten(item.title, 60),
      `发送「进度 ${scope.ref}」查看，「进度 ${scope.ref} 说明」登记进展并可随后发照片作佐证，整改完成后发送「完成 ${scope.ref} 说明」申请销号。`,
    ].join('\n');
    // Also on a retried message: the outbox key makes a notice already queued a no-op.
    const card = {
      purpose: 'assigned' as const,
      refs: [scope.ref],
      build: (taskId: string) =>
        assignedCard(taskId, { name: scope.name, item, by: ctx.userId, ...(unit && { unit }) }),
    };
    const told = await ctx.notify(officers, notice, `assign:${ctx.msgId ?? ctx.now}:${scope.key}`, card);
    return `已将${scope.name}指派给 ${parsed.officers.map(shownName).join('、')}${unit ? `（责任单位：${unit}）` : ''}${told ? '，并已私信通知' : ''}。`;
  },
};

/** 张三（zhangsan） when the roster named them, the bare userid otherwise. */
function shownName(o: Assignee): string {
  return o.name ? `${o.name}（${o.userId}）` : o.userId;
}
