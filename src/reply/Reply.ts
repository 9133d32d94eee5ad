import type { Card } from './Card.js';

/**
 * What a command means to say, before any channel's wire format: plain text, markdown, a file
 * (sent privately through the app; the chat gets the caption) or an interactive card (surfaces
 * without cards show `text`). A command may return a bare string for text.
 */
export type Reply =
  | { type: 'text'; text: string }
  | { type: 'card'; card: Card; text: string }
  | { type: 'markdown'; text: string }
  | {
      type: 'file';
      filename: string;
      bytes: Buffer;
      /** What the chat shows at once. */
      caption: string;
      /** What the file is called in a failure notice, e.g. 台账文件. */
      label: string;
      /** The command that asks for it again, e.g. 导出. */
      retry: string;
    };

export function toReply(answer: Reply | string): Reply {
  return typeof answer === 'string' ? { type: 'text', text: answer } : answer;
}
