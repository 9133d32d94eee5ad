import type { InboundMessage } from '../wecom/InboundMessage.js';
import type { Dispatcher } from './Dispatcher.js';

export type ImageHandler = (message: Extract<InboundMessage, { kind: 'image' }>) => Promise<string>;

/** Routes a decrypted message by kind. The answer is plain text, or undefined for "say nothing". */
export class Bot {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly onImage?: ImageHandler,
  ) {}

  async handle(message: InboundMessage): Promise<string | undefined> {
    switch (message.kind) {
      case 'text':
        return this.dispatcher.handle({
          userId: message.from,
          text: message.content,
          ...(message.msgId !== undefined && { msgId: message.msgId }),
        });
      case 'image':
        return this.onImage ? this.onImage(message) : '暂不支持图片。发送「帮助」查看可用命令。';
      case 'event':
        return undefined;
      case 'other':
        return '暂只支持文字消息。发送「帮助」查看可用命令。';
    }
  }
}
