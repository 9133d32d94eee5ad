import { fitBytes } from '../text/fitBytes.js';
import { shorten } from '../text/shorten.js';
import { type Card, MAX_CARD_ROWS } from './Card.js';

/**
 * The `template_card` object of message/send, update_template_card and the AI bot's replies. Texts are
 * shortened to the lengths WeCom suggests (title 36, desc 44, field name 5 and value 30, text 160,
 * button 10 characters) so a phone shows them whole.
 */
export function templateCardBody(card: Card): Record<string, unknown> {
  return {
    card_type: 'button_interaction',
    main_title: { title: shorten(card.title, 36), ...(card.desc && { desc: shorten(card.desc, 44) }) },
    ...(card.text && { sub_title_text: shorten(card.text, 160) }),
    horizontal_content_list: card.fields
      .slice(0, MAX_CARD_ROWS)
      .map(({ key, value }) => ({ keyname: shorten(key, 5), value: shorten(value, 30) })),
    task_id: card.taskId,
    button_list: card.buttons.slice(0, MAX_CARD_ROWS).map((b) => ({
      text: shorten(b.text, 10),
      style: b.style ?? 1,
      key: fitBytes(b.key, 1024),
    })),
  };
}
