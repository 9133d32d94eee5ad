import type { Command } from '../src/bot/Command.js';

export const help: Command = {
  name: '帮助',
  aliases: ['help', '?'],
  role: 'anyone',
  help: ['帮助 —— 显示本说明'],
  run(ctx) {
    const lines = ['巡察整改台账机器人，可以这样说：'];
    for (const command of ctx.commands) {
      if (command.role === 'admin' && !ctx.roles.isAdmin(ctx.userId)) continue;
      lines.push(...command.help.map((h) => `· ${h}`));
    }
    lines.push('编号、冒号可用全角，「进度20」也行。');
    return lines.join('\n');
  },
};
