import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';

/** How a signed callback's timestamp is judged, and who hears about a clock that disagrees with WeCom's. */
export interface Freshness {
  /** Seconds a callback's timestamp may differ from now; 0 turns the check off. */
  tolerance: number;
  clock: Clock;
  /** Called with the difference (our clock minus WeCom's, in seconds) of a genuine callback outside the tolerance. */
  onSkew?(seconds: number): void;
}

const WARN_EVERY_MS = 10 * 60_000;

/**
 * A loud log line, at most every 10 minutes, when signed callbacks say this machine's clock is wrong:
 * every callback is refused then, and scheduled pushes go out at the wrong time.
 */
export function clockSkewWarning(log: Logger, clock: Clock): (seconds: number) => void {
  let last = -Infinity;
  return (seconds) => {
    if (clock() - last < WARN_EVERY_MS) return;
    last = clock();
    log.error(
      { skewSeconds: Math.round(seconds) },
      `CLOCK: this machine's clock is ${Math.round(Math.abs(seconds))} s ${seconds > 0 ? 'ahead of' : 'behind'} WeCom's; callbacks are refused until it is fixed (check NTP)`,
    );
  };
}
