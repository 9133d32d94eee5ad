/** First `max` characters (code points) with an ellipsis when cut: phone screens are narrow. */
export function shorten(text: string, max: number): string {
  // Code points never outnumber code units, so most texts need no splitting into characters.
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
