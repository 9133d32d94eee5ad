import { closestCommandWord } from '../src/bot/closestCommandWord.js';
import type { Command, CommandContext } from '../src/bot/Command.js';
import { normalizeText } from '../src/text/normalizeText.js';

export const help: Command = {
  name: '帮助',
  aliases: ['help', '?'],
  role: 'anyone',
  help: ['帮助 —— 显示本说明', '帮助 指派 —— 只看一个命令的用法'],
  run(ctx) {
    return ctx.args ? oneCommand(ctx, normalizeText(ctx.args)) : everyCommand(ctx);
  },
};

function everyCommand(ctx: CommandContext): string {
  const lines = ['巡察整改台账机器人，可以这样说：'];
  for (const command of ctx.commands) {
    if (command.role === 'admin' && !ctx.roles.isAdmin(ctx.userId)) continue;
    lines.push(...command.help.map((h) => `· ${h}`));
  }
  lines.push('编号、冒号可用全角，「进度20」「第20项」也行；「帮助 命令」只看一个命令。');
  return lines.join('\n');
}

function oneCommand(ctx: CommandContext, word: string): string {
  const command = ctx.commands.find((c) => c.name === word || c.aliases?.includes(word));
  if (!command) {
    const closest = closestCommandWord(word, ctx.commands);
    const hint = closest ? `你是不是想看「帮助 ${closest.command.name}」？` : '发「帮助」看全部命令。';
    return `没有「${word}」这个命令。${hint}`;
  }
  // A one-character alias (第, ?) starts a message; it is not a word to write instead.
  const aliases = (command.aliases ?? []).filter((a) => [...a].length > 1);
  const notes = [
    ...(command.role === 'admin' ? ['管理员'] : []),
    ...(aliases.length ? [`也可以写：${aliases.join('、')}`] : []),
  ];
  return [
    `「${command.name}」${notes.length ? `（${notes.join('；')}）` : ''}：`,
    ...command.help.map((h) => `· ${h}`),
  ].join('\n');
}
