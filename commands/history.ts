import { editedFieldNames } from '../src/ledger/editedFieldNames.js';
import { itemScope } from '../src/bot/itemScope.js';
import type { Command } from '../src/bot/Command.js';
import { formatTime } from '../src/text/formatTime.js';
import { parseItemNo } from '../src/bot/parseItemNo.js';
import { shorten } from '../src/text/shorten.js';
import { formatSize } from '../src/evidence/formatSize.js';
import type { ItemEvent } from '../src/ledger/item.js';
import { deadlineChange } from '../src/ledger/deadlineChange.js';
import { retractedSeqs } from '../src/ledger/retractedSeqs.js';
import { isTakeable, takeableName } from '../src/bot/takeBack.js';

const SHOWN = 10;

export const history: Command = {
  name: '历史',
  role: 'anyone',
  help: ['历史 20 —— 第20项最近10条记录（进展、状态、指派、时限、照片）'],
  run(ctx) {
    const arg = parseItemNo(ctx.args, ctx.ledgers, '历史');
    if ('error' in arg) return arg.error;
    const scope = itemScope(ctx, arg);
    const no = arg.item.no;
    const events = scope.store.itemHistory(no, SHOWN);
    if (!events.length) return `${scope.name}还没有任何记录（进展、指派、照片都没有）。`;
    const gone = retractedSeqs(events);
    const lines = [`【${scope.name}】最近 ${events.length} 条记录，新的在前：`];
    for (const e of events) {
      const said =
        e.type === 'retract' ? retractLine(scope.store.itemHistory(no), e.target, ctx.timeZone) : describe(e);
      lines.push(`${formatTime(e.at, ctx.timeZone)} ${e.by} ${said}${gone.has(e.seq) ? '（已撤回）' : ''}`);
    }
    return lines.join('\n');
  },
};

/** 「撤回：11-27 10:05 的进展「…」」: the target may be older than the events shown. */
function retractLine(history: readonly ItemEvent[], target: number, timeZone: string): string {
  const e = history.find((h) => h.seq === target);
  return e && isTakeable(e) ? `撤回：${formatTime(e.at, timeZone)} 的${takeableName(e)}` : '撤回一条记录';
}

function describe(e: Exclude<ItemEvent, { type: 'retract' }>): string {
  switch (e.type) {
    case 'update':
      return `进展：${shorten(e.text, 50)}`;
    case 'status':
      return `状态→${e.status}${e.note ? `：${shorten(e.note, 40)}` : ''}`;
    case 'assign':
      return `指派：${e.officers.join('、')}${e.unit ? `（${e.unit}）` : ''}`;
    case 'evidence':
      return `佐证照片（${formatSize(e.bytes)}）`;
    case 'deadline':
      return `时限：${shorten(deadlineChange(e.previous, e.deadline), 50)}`;
    case 'received':
      return '已接收指派';
    case 'edit':
      return `台账修改：${editedFieldNames(e.fields)}`;
    case 'add':
      return `新增事项：${shorten(e.item.title, 40)}`;
    case 'remove':
      return '移出台账';
  }
}
