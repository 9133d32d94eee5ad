import type { Dispatcher } from '../bot/Dispatcher.js';
import { fitBytes } from '../text/fitBytes.js';
import type { Logger } from '../log.js';
import { replyText } from '../reply/wireBody.js';
import { MARKDOWN_LIMITS } from '../reply/channelLimits.js';
import { escapeMarkdown } from '../text/escapeMarkdown.js';
import { failureReply } from '../wecom/failureReply.js';
import type { AibotTextMessage } from './AibotMessage.js';
import { stripMentions } from './stripMentions.js';

/**
 * The markdown to post to the message's response_url, or undefined to stay silent: in a group only
 * commands are answered (a robot must not chatter there); in a single chat anything else gets the help.
 */
export async function aibotAnswer(
  dispatcher: Dispatcher,
  m: AibotTextMessage,
  log: Logger,
): Promise<string | undefined> {
  const group = m.chattype === 'group';
  // A namespace of its own, so an AI bot msgid can never pass for an app MsgId the ledger has seen.
  const request = { userId: m.from.userid, text: stripMentions(m.text.content), msgId: `aibot:${m.msgid}`, group };
  const reply = await (group ? dispatcher.tryCommand(request) : dispatcher.handle(request)).then(
    (answer) => answer && replyText(answer),
    (err: unknown) => {
      log.error({ err, user: m.from.userid, msgid: m.msgid }, 'aibot: command failed');
      return failureReply(err);
    },
  );
  if (reply === undefined) return undefined;
  // Replies are plain text built for text messages, with members' notes and queries inside; posted as
  // markdown they are escaped whole, so no member can make the robot post a link or coloured text.
  const text = escapeMarkdown(reply, 'aibot');
  // Everyone in the group reads the answer, so it says whom it answers.
  // Cut, never split: the response_url takes one post only.
  return fitBytes(group ? `@${m.from.userid} ${text}` : text, MARKDOWN_LIMITS.response);
}
