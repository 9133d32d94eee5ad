/**
 * WeCom's size limits in UTF-8 bytes, per channel and message type, in one place: a passive reply and
 * message/send text 2048; markdown to apps and app group chats 2048, to group robots 4096. The AI
 * bot's response_url has no documented limit in our fact sheet, so it gets the safe 2048.
 */
export const TEXT_LIMIT = 2048;

export const MARKDOWN_LIMITS = { user: 2048, chat: 2048, robot: 4096, response: 2048 } as const;
