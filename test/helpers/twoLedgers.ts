import { fileURLToPath } from 'node:url';
import { BUNDLED_REPORT } from '../../src/config.js';
import { importLedger } from '../../src/storage/files/importLedger.js';

export const AUDIT_NOTICE = fileURLToPath(new URL('../fixtures/import/audit-report.txt', import.meta.url));

/**
 * A data folder with two ledgers numbered from 1 side by side: the bundled 巡察 report (53 items, code
 * 巡, given) and an audit notice (7 items, name 审计2023 and code 审 derived from its title).
 */
export async function importTwoLedgers(dataDir: string, now: number): Promise<void> {
  await importLedger(dataDir, BUNDLED_REPORT, { replace: false, now, name: '巡察2021', code: '巡' });
  await importLedger(dataDir, AUDIT_NOTICE, { replace: false, now: now + 1 });
}
