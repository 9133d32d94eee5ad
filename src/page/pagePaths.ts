/**
 * The page's addresses. With one ledger they never name it, exactly as before several ledgers; with
 * several, a ledger is `?l=<code>` (/app/?l=审, /app/list?l=审) and an item is the ref people type in
 * chat (/app/item/审20), so every address can be bookmarked or shared.
 */
export const PAGE_PREFIX = '/app';

/** `/app/item/审20` (percent-encoded: WeCom's chat links and some webviews stop at a raw CJK character). */
export function itemPath(ref: string): string {
  return `${PAGE_PREFIX}/item/${encodeURIComponent(ref)}`;
}

/** `/app/photo/审20/<sha256>`: a photo is found in the history of the item its URL names, nowhere else. */
export function photoPath(ref: string, sha256: string): string {
  return `${PAGE_PREFIX}/photo/${encodeURIComponent(ref)}/${sha256}`;
}

/** A page path with its query: `l` (the ledger's code, when the page names one) first, then the rest. */
export function pageHref(path: string, code: string | undefined, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...(code !== undefined && { l: code }), ...params }).toString();
  return `${PAGE_PREFIX}${path}${query ? `?${query}` : ''}`;
}
