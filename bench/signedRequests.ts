import { BENCH, benchSigner } from './identity.js';

export interface PreparedRequest {
  /** What the message asks, so latencies can be told apart by kind. */
  kind: string;
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Message {
  kind: string;
  from: string;
  content: string;
}

const signer = benchSigner();
let msgSeq = 0;

/**
 * Encrypts and signs every message ahead of the run, each with its own MsgId, so the load
 * generator spends its CPU on sending rather than on AES, and dedupe never answers for the bot.
 */
export function signedRequests(messages: readonly Message[], path = '/wecom/callback'): PreparedRequest[] {
  const createTime = Math.floor(Date.now() / 1000);
  return messages.map((m) => {
    const msgId = `73${String(++msgSeq).padStart(17, '0')}`;
    const encrypted = signer.encrypt(signer.textMessageXml({ from: m.from, content: m.content, msgId, createTime }));
    return {
      kind: m.kind,
      method: 'POST',
      path: `${path}?${signer.callbackQuery(encrypted)}`,
      headers: { 'content-type': 'text/xml' },
      body: signer.envelopeXml(encrypted, BENCH.agentId),
    };
  });
}
