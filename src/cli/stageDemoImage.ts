import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { PRIVATE_DIR, PRIVATE_FILE } from '../storage/files/privateModes.js';
import { DEMO_MEDIA_DIR } from '../wecom/DemoWeComApi.js';
import { CliFailure } from './CliFailure.js';

/**
 * Puts a photo where the demo API "downloads" media from and returns its media id, so `chat --image`
 * tries photo evidence end to end. Real WeCom holds the media itself: with credentials there is no demo.
 */
export async function stageDemoImage(file: string, config: Config): Promise<string> {
  if (!config.demo) throw new CliFailure('--image 只能在演示模式下用：真实企业微信的照片请从手机发送。');
  const mediaId = `demo-${randomBytes(8).toString('hex')}`;
  const dir = path.join(config.dataDir, DEMO_MEDIA_DIR);
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  try {
    await copyFile(file, path.join(dir, mediaId));
    await chmod(path.join(dir, mediaId), PRIVATE_FILE);
  } catch {
    throw new CliFailure(`读不到照片 ${file}`);
  }
  return mediaId;
}
