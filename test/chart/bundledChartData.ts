import { readFileSync } from 'node:fs';
import { digestChartData, type DigestChartData } from '../../src/chart/digestChartData.js';
import { BUNDLED_REPORT } from '../../src/config.js';
import { itemFromBase } from '../../src/ledger/foldItem.js';
import { ledgerSummary } from '../../src/ledger/ledgerSummary.js';
import { parseReport } from '../../src/ledger/parseReport.js';

/** The bundled report as imported, before anyone reported progress. */
export const bundledReport = parseReport(readFileSync(BUNDLED_REPORT, 'utf8'));

export function bundledChartData(): DigestChartData {
  return digestChartData(ledgerSummary(bundledReport.items.map(itemFromBase), bundledReport.categories));
}
