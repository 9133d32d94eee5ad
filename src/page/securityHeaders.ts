import type Koa from 'koa';

/**
 * The page's fixed header set. A few lines rather than koa-helmet: the page needs one strict policy,
 * known in full here, and nothing per route. Only same-origin script, style, images and forms; no
 * frames; no referrer, so an OAuth code or an item number never leaves in a Referer.
 */
const HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; " +
    "base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

export function securityHeaders(ctx: Koa.Context): void {
  ctx.set(HEADERS);
}
