import type { Clock } from '../clock.js';

/** WeCom keeps an uploaded media_id 3 days; trusting it for 2 leaves a day for a slow retry or a skewed clock. */
const TRUST_MS = 2 * 86_400_000;

/**
 * One media/upload per file, not per target: every app chat and member is sent the same media_id.
 * A failed upload is not kept, so the outbox's retry uploads again.
 */
export class UploadCache {
  private readonly ids = new Map<string, { mediaId: Promise<string>; until: number }>();

  constructor(private readonly clock: Clock) {}

  mediaId(file: string, upload: () => Promise<string>): Promise<string> {
    const now = this.clock();
    for (const [name, entry] of this.ids) if (entry.until <= now) this.ids.delete(name);
    const cached = this.ids.get(file);
    if (cached) return cached.mediaId;
    const mediaId = upload();
    this.ids.set(file, { mediaId, until: now + TRUST_MS });
    mediaId.catch(() => {
      if (this.ids.get(file)?.mediaId === mediaId) this.ids.delete(file);
    });
    return mediaId;
  }
}
