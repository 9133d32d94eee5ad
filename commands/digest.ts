import type { Command } from '../src/bot/Command.js';
import { markdownMessage } from '../src/outbox/markdownMessage.js';
import { TEXT_LIMIT } from '../src/reply/channelLimits.js';
import { splitMarkdown } from '../src/outbox/splitMarkdown.js';
import { markdownToText } from '../src/schedule/markdownToText.js';
import { digestSections } from '../src/schedule/digestSections.js';
import { weeklyDigest } from '../src/schedule/weeklyDigest.js';

const DELIVERY = '按计划发到各群和群机器人，每周一次。';
const NO_TARGETS =
  '现在没有发送目标，不会发出。请在 WECOM_CHAT_IDS 填群 chatid（可用 cli chat-create 建群）或在 WECOM_ROBOT_KEYS 填群机器人 key，重启后生效。';

export const digest: Command = {
  name: '周报',
  role: 'admin',
  help: ['周报 —— 预览本周周报（管理员）'],
  run(ctx) {
    const { period, text } = weeklyDigest(digestSections(ctx.ledgers), ctx.now, {
      timeZone: ctx.timeZone,
      ...ctx.schedule,
    });
    const { parts } = markdownMessage(text, { kind: 'chat', chatId: '' });
    const count = parts.length > 1 ? `共 ${parts.length} 条，这是第 1 条` : '';
    const note = `\n——\n预览：${period} 周报${count}；${ctx.schedule.hasTargets ? DELIVERY : NO_TARGETS}`;
    // Cut from the whole text, not from the first markdown part: plain text is shorter,
    // and the part's "（1/2）" would be cut off.
    const first = splitMarkdown(markdownToText(text), TEXT_LIMIT - Buffer.byteLength(note))[0] ?? '';
    return first + note;
  },
};
