/**
 * Where member-written text ends up: app messages and app group chats (message/send, appchat/send),
 * group-robot webhooks, and the AI bot's response_url. Each renders its own markdown.
 */
export type MarkdownDialect = 'app' | 'robot' | 'aibot';

/**
 * Full-width look-alikes rather than backslashes: WeCom documents no escape character for any of
 * its dialects, and a look-alike reads the same on a phone while no renderer can take it for markup.
 */
const LOOK_ALIKE: Record<string, string> = {
  '<': '＜', // <font color=…>, <@userid> mentions (robots), HTML (AI bot)
  '>': '＞', // quote at a line start
  '[': '［', // [text](url) links
  ']': '］',
  '*': '＊', // **bold**, also inside words
  '`': '｀', // `code`
  '#': '＃', // headings at a line start
  '~': '～', // ~~strike~~ (AI bot)
  '|': '｜', // tables (AI bot)
};

/** App and robot markdown share their syntax (robots add `<@userid>`, which `<` already covers). */
const WECOM_MARKDOWN = /[<>[\]*`#]|:\/\//g;

const PATTERNS: Record<MarkdownDialect, RegExp> = {
  app: WECOM_MARKDOWN,
  robot: WECOM_MARKDOWN,
  // The AI bot renders fuller markdown: also strike, tables, and `_` emphasis, which never opens
  // inside a word, so userids like zhang_san stay as typed.
  aibot: /[<>[\]*`#~|]|:\/\/|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu,
};

/**
 * Member text made inert for one markdown dialect: no tag, mention, link, emphasis, heading or
 * quote survives, and a bare URL is broken (`：//`) so no renderer links it. Everything else,
 * line breaks included, is left as typed.
 */
export function escapeMarkdown(text: string, dialect: MarkdownDialect): string {
  return text.replace(PATTERNS[dialect], (m) => (m === '://' ? '：//' : m === '_' ? '＿' : LOOK_ALIKE[m]!));
}
