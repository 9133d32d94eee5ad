/** WeCom markdown → plain text for a text reply (passive replies cannot be markdown): markers and tags go. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/\*\*/g, '')
    .replace(/^> ?/gm, '')
    .replace(/<\/?font[^>]*>/g, '');
}
