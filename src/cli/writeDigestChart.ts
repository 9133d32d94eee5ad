import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { digestChart } from '../chart/digestChart.js';
import type { Config } from '../config.js';
import { openLedger } from '../storage/openLedger.js';

/** `digest --chart FILE`: the digest's picture on disk, to look at before it goes out. */
export async function writeDigestChart(config: Config, now: number, file: string): Promise<string> {
  const { storage, ledger } = await openLedger(config.dataDir, {
    clock: () => now,
    readOnly: true,
    database: config.database,
  });
  try {
    const png = await digestChart(ledger, now, config.timeZone);
    await writeFile(file, png);
    return `图表已写入 ${path.resolve(file)}（${Math.ceil(png.length / 1024)} KB）`;
  } finally {
    await storage.close();
  }
}
