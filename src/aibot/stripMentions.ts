/**
 * In a group the robot hears only messages that @ it, and the text still starts with the mention
 * (§7.2): "@机器人 进度 20", or "@张三 @机器人　进度 20" with a full-width space. \s covers both
 * spaces and the U+2005 some clients put after a mention.
 */
const LEADING_MENTIONS = /^\s*(?:@[^\s@]+(?:\s+|$))+/u;

export function stripMentions(text: string): string {
  return text.replace(LEADING_MENTIONS, '');
}
