/**
 * Limits on how long a connection may hold the server without making progress. Without them idle
 * and half-sent connections stay open for minutes each, and a few hundred of them exhaust the
 * process's sockets.
 */
export interface HttpTimeouts {
  /** Until a request's headers are complete; also closes connections that never send a byte. */
  headersTimeout: number;
  /** Until a whole request (headers and body, ≤ 64 KiB) has arrived. */
  requestTimeout: number;
  /**
   * An idle keep-alive connection between requests. Longer than a reverse proxy's upstream idle
   * timeout (nginx: 60 s), so the proxy, not the bot, closes it: the other way round the proxy may
   * reuse a connection the bot has just closed, and a member's callback fails with a 502.
   */
  keepAliveTimeout: number;
  /** How often expired connections are looked for: the slack on the two limits above. */
  connectionsCheckingInterval: number;
}

export const HTTP_TIMEOUTS: HttpTimeouts = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 65_000,
  connectionsCheckingInterval: 1_000,
};
