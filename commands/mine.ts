import type { Command } from '../src/bot/Command.js';
import { shorten } from '../src/text/shorten.js';
import { idleDays } from '../src/ledger/idleDays.js';

export const mine: Command = {
  name: '我的',
  role: 'anyone',
  help: ['我的 —— 我负责的事项和多久没更新'],
  run(ctx) {
    const items = ctx.store
      .items()
      .filter((item) => ctx.roles.isOfficer(ctx.userId, item))
      .sort((a, b) => a.no - b.no);
    if (!items.length) return '你目前没有负责的事项。管理员用「指派」分配后，会私信通知你。';
    const lines = [`你负责的事项共 ${items.length} 项：`];
    for (const item of items) {
      const days = idleDays(item, ctx.now);
      const idle = days === undefined ? '尚无记录' : days === 0 ? '今天有更新' : `${days} 天未更新`;
      lines.push(`${item.no}.【${item.status}】${shorten(item.title, 24)}（${idle}）`);
    }
    lines.push('发送「进度 编号 说明」登记进展，「完成 编号 说明」申请销号。');
    return lines.join('\n');
  },
};
