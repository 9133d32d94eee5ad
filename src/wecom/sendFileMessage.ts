import type { WeComApi } from './WeComApi.js';

/** media/upload then message/send of msgtype file: the same two calls whether the API is real or the demo file. */
export async function sendFileMessage(
  api: Pick<WeComApi, 'uploadMedia' | 'post'>,
  agentId: string,
  userId: string,
  filename: string,
  bytes: Buffer,
): Promise<void> {
  const mediaId = await api.uploadMedia('file', filename, bytes);
  await api.post('message/send', {
    touser: userId,
    agentid: Number(agentId),
    msgtype: 'file',
    file: { media_id: mediaId },
  });
}
