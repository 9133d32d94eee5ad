import { appendOnce } from '../src/bot/appendOnce.js';
import { itemScope } from '../src/bot/itemScope.js';
import type { Command } from '../src/bot/Command.js';
import { parseItemNo } from '../src/bot/parseItemNo.js';
import { shorten } from '../src/text/shorten.js';
import { assignedCard } from '../src/cards/assignedCard.js';

const USAGE = '格式：指派 20 zhangsan,lisi 河道办（userid 用逗号或顿号隔开，责任单位可省略）';
/** WeCom userids: letters, digits and _ - . @, up to 64. */
const USER_ID = /^[A-Za-z0-9_.@-]{1,64}$/;
const MAX_OFFICERS = 10;
const MAX_UNIT_CHARS = 30;

export const assign: Command = {
  name: '指派',
  role: 'admin',
  help: ['指派 20 zhangsan,lisi 河道办 —— 管理员指定责任人（和责任单位）'],
  async run(ctx) {
    const arg = parseItemNo(ctx.args, ctx.ledgers, '指派');
    if ('error' in arg) return arg.error;
    const scope = itemScope(ctx, arg);
    const { item, rest } = arg;
    const [idsText = '', ...unitWords] = rest.split(' ');
    const officers = uniqueIgnoringCase(idsText.normalize('NFKC').split(/[,、]/).filter(Boolean));
    const unit = unitWords.join(' ').trim();
    if (!officers.length) return `请写出${scope.name}的责任人 userid。\n${USAGE}`;
    const bad = officers.find((id) => !USER_ID.test(id));
    if (bad) return `「${shorten(bad, 20)}」不像企业微信 userid（字母、数字、_-.@）。\n${USAGE}`;
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
    return `已将${scope.name}指派给 ${officers.join('、')}${unit ? `（责任单位：${unit}）` : ''}${told ? '，并已私信通知' : ''}。`;
  },
};

function uniqueIgnoringCase(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => !seen.has(id.toLowerCase()) && seen.add(id.toLowerCase()));
}
