/**
 * Plain-text copies write ASCII , : ; ( ) . and digits where typeset copies use their full-width forms
 * (U+FF01–FF5E), so folding that block makes both copies read alike while leaving real Chinese
 * punctuation (、。“”《》) alone.
 */
export function foldFullWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0));
}
