/** The kinds of rectification an office runs side by side, as their documents name them. */
const KINDS = ['回头看', '环保督察', '巡视', '巡察', '审计', '督察', '督查', '专项检查'];
const MAX_CHARS = 12;

/**
 * A short name people read (审计2023) from a document's title, or from its file name when the title
 * says nothing useful: the kind of rectification and its year when both are there, else the title cut short.
 */
export function deriveLedgerName(title: string | undefined, fileName: string): string {
  for (const text of [title, fileName.replace(/\.[^.]+$/, '')]) {
    if (!text?.trim()) continue;
    const plain = text.normalize('NFKC').replace(/\s+/g, '');
    const kind = KINDS.find((k) => plain.includes(k));
    const year = /(?:19|20)\d\d/.exec(plain)?.[0];
    if (kind) return `${kind}${year ?? ''}`;
    const cut = plain
      .replace(/^#+/, '')
      .replace(/^关于/, '')
      .replace(/(整改|落实|进展|情况|的|报告|通报|方案|台账)+$/u, '');
    if (cut) return [...cut].slice(0, MAX_CHARS).join('');
  }
  return '台账';
}
