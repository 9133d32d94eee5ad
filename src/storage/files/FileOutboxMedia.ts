import { createHash } from 'node:crypto';
import { access, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../clock.js';
import type { OutboxMedia } from '../../outbox/OutboxMedia.js';
import type { ImageMessage } from '../../outbox/OutboxRecord.js';
import { PRIVATE_DIR } from './privateModes.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** Folder under DATA_DIR for pictures waiting in the outbox. */
export const OUTBOX_MEDIA_DIR = 'outbox-media';

/**
 * DATA_DIR/outbox-media/<sha256>.png, owner-only like everything the bot writes: a name given by the
 * content means the same chart saved twice (a restart, several targets) is one file, written once.
 */
export class FileOutboxMedia implements OutboxMedia {
  private readonly dir: string;
  /** When this process last saved each file: one saved but not queued yet is named by no record. */
  private readonly saved = new Map<string, number>();

  constructor(
    dataDir: string,
    private readonly clock: Clock,
  ) {
    this.dir = path.join(dataDir, OUTBOX_MEDIA_DIR);
  }

  async savePng(png: Buffer): Promise<ImageMessage> {
    const sha256 = createHash('sha256').update(png).digest('hex');
    const file = `${sha256}.png`;
    const full = path.join(this.dir, file);
    const present = await access(full).then(
      () => true,
      () => false,
    );
    if (!present) {
      await mkdir(this.dir, { recursive: true, mode: PRIVATE_DIR });
      await writeFileAtomic(full, png);
    }
    this.saved.set(file, this.clock());
    return { msgtype: 'image', parts: [file], sha256, bytes: png.length };
  }

  async read(image: ImageMessage): Promise<Buffer> {
    const bytes = await readFile(path.join(this.dir, path.basename(image.parts[0])));
    if (createHash('sha256').update(bytes).digest('hex') !== image.sha256)
      throw new Error(`outbox media ${image.parts[0]} does not match its sha256`);
    return bytes;
  }

  async prune(keep: ReadonlySet<string>, before: number): Promise<number> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      if (keep.has(name) || (this.saved.get(name) ?? -Infinity) >= before) continue;
      await rm(path.join(this.dir, name), { force: true });
      this.saved.delete(name);
      removed++;
    }
    return removed;
  }
}
