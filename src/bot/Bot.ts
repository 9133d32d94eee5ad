import { type Reply, toReply } from '../reply/Reply.js';
import type { InboundMessage } from '../wecom/InboundMessage.js';
import type { Dispatcher } from './Dispatcher.js';

export type ImageMessage = Extract<InboundMessage, { kind: 'image' }>;
export type EventMessage = Extract<InboundMessage, { kind: 'event' }>;
export type ImageHandler = (message: ImageMessage) => Promise<Reply | string>;
/** Answers one kind of event (e.g. template_card_event); undefined says nothing. */
export type EventHandler = (message: EventMessage) => Promise<Reply | string | undefined>;

/**
 * Routes a decrypted message by kind: text to the commands, photos to the image handler, events to
 * the handler registered for their name. The answer is a Reply, or undefined for "say nothing".
 */
export class Bot {
  private readonly events = new Map<string, EventHandler>();

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly onImage?: ImageHandler,
  ) {}

  /** Registers the handler of one event name; a name claimed twice is a wiring mistake. */
  onEvent(event: string, handler: EventHandler): this {
    if (this.events.has(event)) throw new Error(`事件 ${event} 已有处理程序`);
    this.events.set(event, handler);
    return this;
  }

  async handle(message: InboundMessage): Promise<Reply | undefined> {
    switch (message.kind) {
      case 'text':
        return this.dispatcher.handle({
          userId: message.from,
          text: message.content,
          ...(message.msgId !== undefined && { msgId: message.msgId }),
        });
      case 'image':
        return toReply(this.onImage ? await this.onImage(message) : '暂不支持图片。发送「帮助」查看可用命令。');
      case 'event': {
        const answer = await this.events.get(message.event)?.(message);
        return answer === undefined ? undefined : toReply(answer);
      }
      case 'other':
        return toReply('暂只支持文字消息。发送「帮助」查看可用命令。');
    }
  }
}
