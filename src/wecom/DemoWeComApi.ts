import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, appendFile, mkdir, writeFile } from 'node:fs/promises';
import { streamToFile } from './streamToFile.js';
import { PRIVATE_DIR, PRIVATE_FILE } from '../storage/files/privateModes.js';
import path from 'node:path';
import { sendFileMessage } from './sendFileMessage.js';
import type { WeComApi } from './WeComApi.js';

/** Where `cli chat --image` leaves a photo for the demo API to "download", named by its media id. */
export const DEMO_MEDIA_DIR = 'demo-media';
/** Media ids the demo hands out and accepts: no path separators, so an id never leaves its folder. */
export const DEMO_MEDIA_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Demo mode has no WeCom to talk to: every outbound call is appended to DATA_DIR/outbound.jsonl,
 * where a newcomer can watch what the bot would have sent; files it would send are kept under
 * DATA_DIR/exports/, readable by the owner only, since they hold names and notes.
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
    await this.record('webhook/send', withoutImageBytes(body));
    return { errcode: 0, errmsg: 'ok' };
  }

  /** The photo `cli chat --image` staged under this id, or a 1×1 PNG standing in for a phone's photo. */
  async downloadMedia(
    mediaId: string,
    file: string,
    maxBytes: number,
  ): Promise<{ bytes: number; contentType: string }> {
    await this.record('media/get', { media_id: mediaId });
    const staged = path.join(this.dataDir, DEMO_MEDIA_DIR, mediaId);
    if (
      DEMO_MEDIA_ID.test(mediaId) &&
      (await access(staged).then(
        () => true,
        () => false,
      ))
    ) {
      // Whatever the file is, the evidence handler judges it by its first bytes, as it does a phone's.
      return {
        bytes: await streamToFile(createReadStream(staged), file, maxBytes),
        contentType: 'application/octet-stream',
      };
    }
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

  async sendFile(userId: string, filename: string, bytes: Buffer): Promise<void> {
    await mkdir(path.dirname(this.keptFileAt(filename)), { recursive: true, mode: PRIVATE_DIR });
    await writeFile(this.keptFileAt(filename), bytes, { mode: PRIVATE_FILE });
    return sendFileMessage(this, this.agentId, userId, filename, bytes);
  }

  keptFileAt(filename: string): string {
    return path.join(this.dataDir, 'exports', path.basename(filename));
  }

  private record(api: string, body: object): Promise<void> {
    return appendFile(this.file, `${JSON.stringify({ at: new Date(this.now()).toISOString(), api, body })}\n`, {
      mode: PRIVATE_FILE,
    });
  }
}

/**
 * A robot image travels as Base64 (hundreds of KB): the file names the picture instead, as the
 * outbox stores it (outbox-media/<sha256>.png), so a reader can open it.
 */
function withoutImageBytes(body: object): object {
  const image = (body as { msgtype?: string; image?: { base64?: string; md5?: string } }).image;
  if ((body as { msgtype?: string }).msgtype !== 'image' || image?.base64 === undefined) return body;
  const bytes = Buffer.from(image.base64, 'base64');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { msgtype: 'image', image: { file: `outbox-media/${sha256}.png`, bytes: bytes.length, md5: image.md5 } };
}
