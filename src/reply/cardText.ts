import type { Card } from './Card.js';

/**
 * A card as a text-only surface shows it (app group chats, the terminal, a card WeCom could not
 * update): title, fields, text, then numbered buttons with the key `cli chat --click` takes.
 */
export function cardText(card: Card): string {
  const lines = [`【${card.title}】${card.desc ? ` ${card.desc}` : ''}`];
  for (const { key, value } of card.fields) lines.push(`${key}：${value}`);
  if (card.text) lines.push(card.text);
  card.buttons.forEach((b, i) => {
    lines.push(`[${i + 1}] ${b.text}（--click ${card.taskId} ${b.key}）`);
  });
  return lines.join('\n');
}
