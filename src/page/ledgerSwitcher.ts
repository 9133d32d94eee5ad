import { escapeHtml } from './escapeHtml.js';
import type { PageLedger } from './PageLedgers.js';
import { pageHref } from './pagePaths.js';

/** Links to the same page of every ledger, the current one marked; archived ones last and labelled. */
export function ledgerSwitcher(ledgers: readonly PageLedger[], current: PageLedger, path: string): string {
  const ordered = [...ledgers.filter((l) => !l.archived), ...ledgers.filter((l) => l.archived)];
  const links = ordered.map(
    (l) =>
      `<a href="${escapeHtml(pageHref(path, l.code))}"${l === current ? ' aria-current="page"' : ''}>${escapeHtml(l.name)}${
        l.archived ? '（已归档）' : ''
      }</a>`,
  );
  return `<nav class="switch" aria-label="台账">${links.join('')}</nav>`;
}
