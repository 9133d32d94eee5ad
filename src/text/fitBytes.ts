const NOTE = '\n…（内容过长，已截断）';

/** Cuts text to a UTF-8 byte budget at a character boundary, saying so, because WeCom would cut it silently. */
export function fitBytes(text: string, limit: number): string {
  if (Buffer.byteLength(text) <= limit) return text;
  const budget = limit - Buffer.byteLength(NOTE);
  let used = 0;
  let end = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (used + size > budget) break;
    used += size;
    end += ch.length;
  }
  return text.slice(0, end) + NOTE;
}
