// lunar-javascript ships no types; this declares only what src/schedule uses.
declare module 'lunar-javascript' {
  export class Solar {
    /** Days may be negative. */
    next(days: number): Solar;
    toYmd(): string;
  }
  export class Lunar {
    /** Month 1–12 of the ordinary (non-leap) month; a negative month means the leap month. */
    static fromYmd(lunarYear: number, lunarMonth: number, lunarDay: number): Lunar;
    getSolar(): Solar;
  }
}
