import type { Command } from '../src/bot/Command.js';
import { idleDays } from '../src/ledger/idleDays.js';
import { shorten } from '../src/text/shorten.js';

export const mine: Command = {
  name: '我的',
  role: 'anyone',
  help: ['我的 —— 我负责的事项和多久没更新'],
  run(ctx) {
    const { ledgers } = ctx;
    const mineNow = ledgers.items(ledgers.active()).filter(({ item }) => ctx.roles.isOfficer(ctx.userId, item));
    if (!mineNow.length) return '你目前没有负责的事项。管理员用「指派」分配后，会私信通知你。';
    const lines = [`你负责的事项共 ${mineNow.length} 项：`];
    for (const { ledger, item } of mineNow) {
      const days = idleDays(item, ctx.now);
      const idle = days === undefined ? '尚无记录' : days === 0 ? '今天有更新' : `${days} 天未更新`;
      lines.push(`${ledgers.ref(ledger, item.no)}.【${item.status}】${shorten(item.title, 24)}（${idle}）`);
    }
    lines.push('发送「进度 编号 说明」登记进展，「完成 编号 说明」申请销号。');
    return lines.join('\n');
  },
};
