import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Session {
  userId: string;
  /** Unix ms after which the cookie is refused. */
  expires: number;
}

/**
 * A session carried whole in the cookie, `payload.mac`: nothing to store, and a restart keeps people
 * signed in. The MAC is HMAC-SHA256 under PAGE_SESSION_SECRET, so a cookie cannot be made or altered.
 */
export class SessionCookie {
  constructor(private readonly secret: string) {}

  sign(session: Session): string {
    const payload = Buffer.from(JSON.stringify({ u: session.userId, e: session.expires })).toString('base64url');
    return `${payload}.${this.mac('session', payload)}`;
  }

  /** The session, or undefined for a missing, forged, altered or expired cookie. */
  verify(cookie: string | undefined, now: number): Session | undefined {
    const [payload, mac, extra] = (cookie ?? '').split('.');
    if (!payload || !mac || extra !== undefined || !this.equal(mac, this.mac('session', payload))) return undefined;
    try {
      const { u, e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u?: unknown; e?: unknown };
      if (typeof u !== 'string' || !u || typeof e !== 'number' || e <= now) return undefined;
      return { userId: u, expires: e };
    } catch {
      return undefined;
    }
  }

  /** The form token of one session: derived, so a page from another site cannot know it. */
  csrfToken(cookie: string): string {
    return this.mac('csrf', cookie);
  }

  checkCsrf(cookie: string, token: unknown): boolean {
    return typeof token === 'string' && this.equal(token, this.csrfToken(cookie));
  }

  private mac(purpose: string, value: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}:${value}`).digest('base64url');
  }

  private equal(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  }
}
