import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chartHeight } from '../../src/chart/renderDigestChart.js';
import { digest } from '../../src/cli/digest.js';
import { BUNDLED_REPORT, loadConfig } from '../../src/config.js';
import { openTestLedger } from '../helpers/openTestLedger.js';
import { bundledChartData } from '../chart/bundledChartData.js';
import { testEnv } from '../helpers/testBot.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-02T10:00:00+08:00');

let tmp: string;
before(async () => (tmp = await mkdtemp(path.join(os.tmpdir(), 'rectify-chart-cli-'))));
after(() => rm(tmp, { recursive: true, force: true }));

async function ledger(name: string, createdAt: number): Promise<string> {
  const dataDir = path.join(tmp, name);
  const store = await openTestLedger(dataDir, { clock: () => createdAt, seedReport: BUNDLED_REPORT });
  await store.append([{ type: 'status', itemNo: 1, by: 'zhangsan', at: NOW - DAY, status: '整改中' }]);
  await store.close();
  return dataDir;
}

describe('digest --chart', () => {
  it('prints the digest and writes its chart, with the weekly line once the ledger is weeks old', async () => {
    for (const [name, age, withHistory] of [
      ['new', DAY * 2, false],
      ['old', DAY * 30, true],
    ] as const) {
      const dataDir = await ledger(name, NOW - age);
      const file = path.join(tmp, `${name}.png`);
      const out = await digest(['--chart', file], loadConfig(testEnv(dataDir, 'http://127.0.0.1:9')), NOW);
      assert.match(out, /^巡察整改周报 · 2026年第49周\n/);
      assert.match(out, new RegExp(`图表已写入 ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}（\\d+ KB）$`));
      const png = await readFile(file);
      assert.equal(png.subarray(1, 4).toString(), 'PNG');
      const history = withHistory ? [{ week: '第48周', open: 27 }] : [];
      assert.equal(png.readUInt32BE(20), chartHeight({ ...bundledChartData(), history }), name);
    }
  });
});
