import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { appendOnce } from '../bot/appendOnce.js';
import type { ImageHandler } from '../bot/Bot.js';
import type { Roles } from '../bot/Roles.js';
import { weComFailure } from '../wecom/weComFailure.js';
import type { Clock } from '../clock.js';
import { DEFAULT_LEDGER_ID } from '../ledger/LedgerDoc.js';
import type { LedgerSet } from '../ledger/LedgerSet.js';
import { Serial } from '../ledger/Serial.js';
import { asStorageFault } from '../storage/StorageFault.js';
import { PRIVATE_DIR } from '../storage/files/privateModes.js';
import type { Logger } from '../log.js';
import { MediaTooLargeError } from '../wecom/MediaTooLargeError.js';
import type { WeComApi } from '../wecom/WeComApi.js';
import { EVIDENCE_WINDOW_MS, evidenceTarget } from './evidenceTarget.js';
import { formatSize } from './formatSize.js';
import { IMAGE_HEAD_BYTES, imageType } from './imageType.js';
import { Limiter } from './Limiter.js';
import { saveEvidence } from './saveEvidence.js';
import { retractedSeqs } from '../ledger/retractedSeqs.js';

export interface EvidenceDeps {
  ledgers: LedgerSet;
  /** Folder the photos go under (the storage's evidence root). */
  evidenceRoot: string;
  api: Pick<WeComApi, 'downloadMedia'>;
  roles: Roles;
  clock: Clock;
  log: Logger;
  /** Largest photo downloaded (EVIDENCE_MAX_BYTES). */
  maxBytes: number;
}

/**
 * Downloads at once: enough for a few officers sending a series each, few enough that a burst cannot exhaust sockets or
 * disk.
 */
const MAX_DOWNLOADS = 4;

/**
 * A photo from an officer becomes evidence (佐证材料) of the item they just reported on. It is
 * fetched at once, because a MediaId dies after 3 days; the client retries transient failures, and
 * what still fails is told to the sender, who can send the photo again. A slow download simply
 * finishes after the passive-reply window, and the callback sends the answer later.
 *
 * Downloads stream to a temp file of their own under a size cap and run a few at a time; only an
 * image by its first bytes is kept. The duplicate check and the append are one serialized step, so
 * the same photo sent twice at once is recorded once.
 */
export function evidenceHandler(d: EvidenceDeps): ImageHandler {
  const downloads = new Limiter(MAX_DOWNLOADS);
  const commits = new Serial();
  const incoming = path.join(d.evidenceRoot, 'evidence', '.incoming');
  return async (message) => {
    const user = message.from;
    if (message.msgId !== undefined && d.ledgers.hasMessage(message.msgId)) return '这张照片已经收到并登记过了。';
    const target = evidenceTarget(d.ledgers, user, d.clock());
    if (!target) return noTarget(d, user);
    const { ledger, item } = target;
    const no = item.no;
    const name = d.ledgers.itemName(ledger, no);
    if (!d.roles.mayUpdate(user, item)) return `只有${name}的责任人或管理员可以为它上传佐证照片，照片没有保存。`;

    await mkdir(incoming, { recursive: true, mode: PRIVATE_DIR });
    const tmp = path.join(incoming, `${randomUUID()}.part`);
    try {
      let bytes: number;
      try {
        ({ bytes } = await downloads.run(() => d.api.downloadMedia(message.mediaId, tmp, d.maxBytes)));
      } catch (err) {
        if (err instanceof MediaTooLargeError)
          return `照片超过 ${formatSize(d.maxBytes)}，没有登记为${name}佐证。请压缩后重新发送。`;
        if (asStorageFault(err)) throw err;
        d.log.error({ err, user, item: no }, 'evidence: download failed');
        return `照片没能从企业微信取回（${weComFailure(err)}），没有登记为${name}佐证。请重新发送这张照片。`;
      }
      if (bytes === 0) return `收到的照片是空文件，没有登记为${name}佐证。请重新发送这张照片。`;
      const { sha256, head } = await digestFile(tmp);
      const ext = imageType(head);
      if (!ext) return `收到的文件不是图片（JPEG、PNG、GIF、WebP 或 BMP），没有登记为${name}佐证。`;
      return await commits.run(async () => {
        const history = ledger.itemHistory(no);
        const gone = retractedSeqs(history);
        if (history.some((e) => e.type === 'evidence' && e.sha256 === sha256 && !gone.has(e.seq)))
          return `这张照片已是${name}的佐证材料，无需重复发送。`;
        // Item numbers restart in every ledger: photos of a further ledger live in a folder of its own.
        const folder = ledger.id === DEFAULT_LEDGER_ID ? String(no) : `${ledger.id}/${no}`;
        const file = await saveEvidence(d.evidenceRoot, folder, sha256, ext, tmp);
        const scope = { store: ledger, ...(message.msgId !== undefined && { msgId: message.msgId }) };
        await appendOnce(scope, [
          { type: 'evidence', itemNo: no, by: user, at: d.clock(), file, sha256, bytes, mediaId: message.mediaId },
        ]);
        const count = ledger.item(no)?.evidenceCount ?? 0;
        return `已收到${name}佐证照片（${formatSize(bytes)}），该项现有 ${count} 张。发送「进度 ${d.ledgers.ref(ledger, no)}」可查看。`;
      });
    } finally {
      await rm(tmp, { force: true });
    }
  };
}

/** The file's sha256 and first bytes, read in chunks: a photo is never held whole in memory. */
async function digestFile(file: string): Promise<{ sha256: string; head: Buffer }> {
  const hash = createHash('sha256');
  let head = Buffer.alloc(0);
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    if (head.length < IMAGE_HEAD_BYTES) head = Buffer.concat([head, chunk as Buffer]).subarray(0, IMAGE_HEAD_BYTES);
  }
  return { sha256: hash.digest('hex'), head };
}

function noTarget(d: EvidenceDeps, user: string): string {
  const mayUpload = d.roles.isAdmin(user) || d.ledgers.items().some(({ item }) => d.roles.isOfficer(user, item));
  if (!mayUpload) return '只有事项的责任人或管理员可以上传佐证照片，照片没有保存。发送「帮助」查看可用命令。';
  const minutes = EVIDENCE_WINDOW_MS / 60_000;
  return `这张照片是哪一项的佐证？请先发送「进度 N 说明」登记进展，再在 ${minutes} 分钟内发照片。照片没有保存。`;
}
