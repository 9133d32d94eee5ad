import type { Command } from '../src/bot/Command.js';
import { daysLeft, formatDaysLeft } from '../src/ledger/daysLeft.js';
import { idleDays } from '../src/ledger/idleDays.js';
import { localTime } from '../src/schedule/localTime.js';
import { shorten } from '../src/text/shorten.js';

export const mine: Command = {
  name: '我的',
  role: 'anyone',
  help: ['我的 —— 我负责的事项：逾期和快到期的在前，多久没更新'],
  run(ctx) {
    const { ledgers } = ctx;
    const today = localTime(ctx.now, ctx.timeZone).date;
    // Most urgent first: overdue (longest first), then the nearest deadline, then the rest in ledger order.
    const mineNow = ledgers
      .items(ledgers.active())
      .filter(({ item }) => ctx.roles.isOfficer(ctx.userId, item))
      .map((entry, order) => ({ ...entry, order, days: daysLeft(entry.item, today) }))
      .sort((a, b) => (a.days ?? Infinity) - (b.days ?? Infinity) || a.order - b.order);
    if (!mineNow.length) return '你目前没有负责的事项。管理员用「指派」分配后，会私信通知你。';
    const lines = [`你负责的事项共 ${mineNow.length} 项：`];
    for (const { ledger, item, days } of mineNow) {
      const idle = idleDays(item, ctx.now);
      const activity = idle === undefined ? '尚无记录' : idle === 0 ? '今天有更新' : `${idle} 天未更新`;
      const due = days === undefined ? '' : `${formatDaysLeft(days)}，`;
      lines.push(`${ledgers.ref(ledger, item.no)}.【${item.status}】${shorten(item.title, 24)}（${due}${activity}）`);
    }
    lines.push('发送「进度 编号 说明」登记进展，「完成 编号 说明」申请销号。');
    return lines.join('\n');
  },
};
