import { fitBytes } from '../text/fitBytes.js';
import { shorten } from '../text/shorten.js';
import { type Card, MAX_CARD_ROWS } from './Card.js';

/** The lengths, in characters, WeCom suggests for a button card's texts so a phone shows them whole. */
export interface CardTextLimits {
  title: number;
  desc: number;
  keyname: number;
  value: number;
  text: number;
  button: number;
}

/** An app's cards (message/send, update_template_card): 发送应用消息 90372. */
export const APP_CARD_LIMITS: CardTextLimits = { title: 36, desc: 44, keyname: 5, value: 30, text: 160, button: 10 };

/** The 智能机器人's cards are shorter (模板卡片类型 101032; see README "WeCom card notes"). */
export const AIBOT_CARD_LIMITS: CardTextLimits = { title: 26, desc: 30, keyname: 5, value: 26, text: 112, button: 10 };

/**
 * The `template_card` object of message/send, update_template_card and the AI bot's replies, with
 * texts shortened to the channel's suggested lengths.
 */
export function templateCardBody(card: Card, limits: CardTextLimits = APP_CARD_LIMITS): Record<string, unknown> {
  return {
    card_type: 'button_interaction',
    main_title: {
      title: shorten(card.title, limits.title),
      ...(card.desc && { desc: shorten(card.desc, limits.desc) }),
    },
    ...(card.text && { sub_title_text: shorten(card.text, limits.text) }),
    horizontal_content_list: card.fields
      .slice(0, MAX_CARD_ROWS)
      .map(({ key, value }) => ({ keyname: shorten(key, limits.keyname), value: shorten(value, limits.value) })),
    task_id: card.taskId,
    button_list: card.buttons.slice(0, MAX_CARD_ROWS).map((b) => ({
      text: shorten(b.text, limits.button),
      style: b.style ?? 1,
      key: fitBytes(b.key, 1024),
    })),
  };
}
