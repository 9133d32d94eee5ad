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
    | { kind: 'event'; event: string; eventKey?: string }
    | { kind: 'other'; msgType: string }
  );

/** Retries carry the same MsgId; events have none, so WeCom's own advice is sender + time. */
export function dedupeKey(message: InboundMessage): string {
  return message.msgId !== undefined ? `msg:${message.msgId}` : `evt:${message.from}:${message.createTime}`;
}
