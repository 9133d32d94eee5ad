/** First `max` characters (code points) with an ellipsis when cut: phone screens are narrow. */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}
