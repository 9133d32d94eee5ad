interface Common {
  from: string;
  /** Unix seconds as sent. */
  createTime: number;
  /** 64-bit: kept as the string WeCom sent, never a JS number. */
  msgId?: string;
}

export type InboundMessage = Common &
  (
    | { kind: 'text'; content: string }
    | { kind: 'image'; mediaId: string; picUrl?: string }
    | {
        kind: 'event';
        event: string;
        /** A menu's or a card button's key. */
        eventKey?: string;
        /** template_card_event: the card's task_id, its type and the click's one-use response_code. */
        taskId?: string;
        cardType?: string;
        responseCode?: string;
      }
    | { kind: 'other'; msgType: string }
  );

/**
 * Retries carry the same MsgId. Without one (events, or a message whose MsgId we could not use),
 * WeCom's advice is sender + time; the content is added, so two different messages in one second
 * stay two messages, while a retry, identical in every field, is still recognised.
 */
export function dedupeKey(message: InboundMessage): string {
  return message.msgId !== undefined
    ? `msg:${message.msgId}`
    : `evt:${message.from}:${message.createTime}:${contentOf(message)}`;
}

function contentOf(message: InboundMessage): string {
  switch (message.kind) {
    case 'text':
      return `text:${message.content}`;
    case 'image':
      return `image:${message.mediaId}`;
    case 'event':
      return `event:${message.event}:${message.eventKey ?? ''}:${message.taskId ?? ''}`;
    case 'other':
      return `other:${message.msgType}`;
  }
}
