import { createHash } from 'node:crypto';
import { appendOnce } from '../bot/appendOnce.js';
import type { ImageHandler } from '../bot/Bot.js';
import type { Roles } from '../bot/Roles.js';
import { weComFailure } from '../wecom/weComFailure.js';
import type { Clock } from '../clock.js';
import type { Ledger } from '../ledger/Ledger.js';
import type { Logger } from '../log.js';
import type { WeComApi } from '../wecom/WeComApi.js';
import { EVIDENCE_WINDOW_MS, evidenceTarget } from './evidenceTarget.js';
import { formatSize } from './formatSize.js';
import { saveEvidence } from './saveEvidence.js';

export interface EvidenceDeps {
  store: Ledger;
  /** Folder the photos go under (the storage's evidence root). */
  evidenceRoot: string;
  api: Pick<WeComApi, 'downloadMedia'>;
  roles: Roles;
  clock: Clock;
  log: Logger;
}

/**
 * A photo from an officer becomes evidence (佐证材料) of the item they just reported on. It is
 * fetched at once, because a MediaId dies after 3 days; the client retries transient failures, and
 * what still fails is told to the sender, who can send the photo again. A slow download simply
 * finishes after the passive-reply window, and the callback sends the answer later.
 */
export function evidenceHandler(d: EvidenceDeps): ImageHandler {
  return async (message) => {
    const user = message.from;
    if (message.msgId !== undefined && d.store.hasMessage(message.msgId)) return '这张照片已经收到并登记过了。';
    const item = evidenceTarget(d.store, user, d.clock());
    if (!item) return noTarget(d, user);
    const no = item.no;
    if (!d.roles.mayUpdate(user, item)) return `只有第${no}项的责任人或管理员可以为它上传佐证照片，照片没有保存。`;

    let media: { bytes: Buffer; contentType: string };
    try {
      media = await d.api.downloadMedia(message.mediaId);
    } catch (err) {
      d.log.error({ err, user, item: no }, 'evidence: download failed');
      return `照片没能从企业微信取回（${weComFailure(err)}），没有登记为第${no}项佐证。请重新发送这张照片。`;
    }
    const sha256 = createHash('sha256').update(media.bytes).digest('hex');
    if (d.store.itemHistory(no).some((e) => e.type === 'evidence' && e.sha256 === sha256))
      return `这张照片已是第${no}项的佐证材料，无需重复发送。`;
    const file = await saveEvidence(d.evidenceRoot, no, sha256, media.bytes, media.contentType);
    const scope = { store: d.store, ...(message.msgId !== undefined && { msgId: message.msgId }) };
    await appendOnce(scope, [
      {
        type: 'evidence',
        itemNo: no,
        by: user,
        at: d.clock(),
        file,
        sha256,
        bytes: media.bytes.length,
        mediaId: message.mediaId,
      },
    ]);
    return `已收到第${no}项佐证照片（${formatSize(media.bytes.length)}），该项现有 ${d.store.item(no)?.evidenceCount ?? 0} 张。发送「进度 ${no}」可查看。`;
  };
}

function noTarget(d: EvidenceDeps, user: string): string {
  const mayUpload = d.roles.isAdmin(user) || d.store.items().some((item) => d.roles.isOfficer(user, item));
  if (!mayUpload) return '只有事项的责任人或管理员可以上传佐证照片，照片没有保存。发送「帮助」查看可用命令。';
  const minutes = EVIDENCE_WINDOW_MS / 60_000;
  return `这张照片是哪一项的佐证？请先发送「进度 N 说明」登记进展，再在 ${minutes} 分钟内发照片。照片没有保存。`;
}
