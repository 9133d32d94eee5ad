import { streamToFile } from './streamToFile.js';
import { appendFile } from 'node:fs/promises';
import { PRIVATE_FILE } from '../storage/files/privateModes.js';
import path from 'node:path';
import { sendFileMessage } from './sendFileMessage.js';
import type { WeComApi } from './WeComApi.js';

/**
 * Demo mode has no WeCom to talk to: every outbound call is appended to DATA_DIR/outbound.jsonl,
 * where a newcomer can watch what the bot would have sent.
 */
export class DemoWeComApi implements WeComApi {
  private seq = 0;

  constructor(
    private readonly dataDir: string,
    private readonly now: () => number,
    private readonly agentId: string,
  ) {}

  get file(): string {
    return path.join(this.dataDir, 'outbound.jsonl');
  }

  async post(api: string, body: object): Promise<Record<string, unknown>> {
    await this.record(api, body);
    return { errcode: 0, errmsg: 'ok', msgid: `demo-${++this.seq}` };
  }

  async robot(_key: string, body: object): Promise<Record<string, unknown>> {
    // The key is a secret even in demo mode: the file shows that a robot was used, not which key.
    await this.record('webhook/send', body);
    return { errcode: 0, errmsg: 'ok' };
  }

  async downloadMedia(
    mediaId: string,
    file: string,
    maxBytes: number,
  ): Promise<{ bytes: number; contentType: string }> {
    await this.record('media/get', { media_id: mediaId });
    // A 1×1 PNG stands in for the photo a phone would have sent.
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    return { bytes: await streamToFile([Buffer.from(png, 'base64')], file, maxBytes), contentType: 'image/png' };
  }

  async uploadMedia(type: 'file' | 'image', filename: string, bytes: Buffer): Promise<string> {
    await this.record('media/upload', { type, filename, bytes: bytes.length });
    return `demo-media-${++this.seq}`;
  }

  /** Demo mode signs in through /app/demo-login; a code can only have been made up. */
  async userIdFromCode(code: string): Promise<string | undefined> {
    await this.record('auth/getuserinfo', { code: code.slice(0, 16) });
    return undefined;
  }

  sendFile(userId: string, filename: string, bytes: Buffer): Promise<void> {
    return sendFileMessage(this, this.agentId, userId, filename, bytes);
  }

  private record(api: string, body: object): Promise<void> {
    return appendFile(this.file, `${JSON.stringify({ at: new Date(this.now()).toISOString(), api, body })}\n`, {
      mode: PRIVATE_FILE,
    });
  }
}
