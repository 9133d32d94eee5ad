import type { Dispatcher } from '../bot/Dispatcher.js';
import { fitBytes } from '../text/fitBytes.js';
import type { TextMessage } from '../outbox/OutboxRecord.js';
import type { Reply } from '../reply/Reply.js';
import { replyText } from '../reply/wireBody.js';
import { MARKDOWN_LIMITS } from '../reply/channelLimits.js';
import { escapeMarkdown } from '../text/escapeMarkdown.js';
import type { AibotRequest, AibotTextMessage } from './AibotMessage.js';
import { stripMentions } from './stripMentions.js';

/**
 * The reply to a text message, or undefined to stay silent: in a group only commands are answered
 * (a robot must not chatter there); in a single chat anything else gets the help.
 */
export function aibotAnswer(dispatcher: Dispatcher, m: AibotTextMessage): Promise<Reply | undefined> {
  const group = m.chattype === 'group';
  // A namespace of its own, so an AI bot msgid can never pass for an app MsgId the ledger has seen.
  const request = { userId: m.from.userid, text: stripMentions(m.text.content), msgId: `aibot:${m.msgid}`, group };
  return group ? dispatcher.tryCommand(request) : dispatcher.handle(request);
}

/**
 * A reply as the response_url takes it. A group gets a card where the reply has one: compact, and
 * the buttons save typing. Otherwise markdown: replies are plain text built for text messages, with
 * members' notes and queries inside, so they are escaped whole and no member can make the robot post
 * a link or coloured text. A card needs no escaping: its fields are shown as plain text.
 */
export function aibotMessage(reply: Reply, m: AibotRequest): TextMessage {
  const group = m.chattype === 'group';
  const text = escapeMarkdown(replyText(reply), 'aibot');
  // Everyone in the group reads the answer, so it says whom it answers.
  // Cut, never split: the response_url takes one post only.
  const markdown = fitBytes(group ? `@${m.from.userid} ${text}` : text, MARKDOWN_LIMITS.response);
  return { msgtype: 'markdown', parts: [markdown], ...(group && reply.type === 'card' && { card: reply.card }) };
}
