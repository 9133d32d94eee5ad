/**
 * NFKC folds what phones produce — full-width digits and letters, ：, full-width spaces, ％ — into
 * the half-width forms commands are written in, and leaves Chinese text alone.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}
