/**
 * Splits text into parts of at most `limit` UTF-8 bytes (WeCom counts bytes, not characters),
 * breaking between lines so a list item is never cut in two. Only a single line longer than the
 * limit is broken inside, at a character boundary. Blank lines at the edge of a part are dropped.
 */
export function splitMarkdown(text: string, limit: number): string[] {
  if (limit < 4) throw new Error(`分段上限 ${limit} 字节太小`);
  const parts: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of text.split('\n').flatMap((l) => cutLine(l, limit))) {
    const lineSize = Buffer.byteLength(line);
    const grown = current.length === 0 ? lineSize : size + 1 + lineSize;
    if (current.length > 0 && grown > limit) {
      parts.push(current.join('\n'));
      current = [line];
      size = lineSize;
    } else {
      current.push(line);
      size = grown;
    }
  }
  parts.push(current.join('\n'));
  return parts.map((p) => p.replace(/^\n+|\n+$/g, '')).filter((p) => p.trim() !== '');
}

function cutLine(line: string, limit: number): string[] {
  if (Buffer.byteLength(line) <= limit) return [line];
  const pieces: string[] = [];
  let piece = '';
  let size = 0;
  for (const ch of line) {
    const chSize = Buffer.byteLength(ch);
    if (size + chSize > limit) {
      pieces.push(piece);
      piece = '';
      size = 0;
    }
    piece += ch;
    size += chSize;
  }
  pieces.push(piece);
  return pieces;
}
