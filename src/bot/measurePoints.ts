/**
 * The report numbers its measures inside paragraphs ("一是…二是…", "(1)…"); a phone summary wants
 * one line per point, so paragraphs are split where the next point begins.
 */
export function measurePoints(measures: readonly string[]): string[] {
  return measures.flatMap((paragraph) =>
    paragraph
      .split(/(?<=[。;；])(?=[一二三四五六七八九十]+是)|(?=\([0-9]+\))/)
      .map((p) => p.trim())
      .filter(Boolean),
  );
}
