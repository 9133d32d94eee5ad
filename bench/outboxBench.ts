import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BUNDLED_REPORT, loadConfig } from '../src/config.js';
import { SCHEMA_VERSION } from '../src/ledger/LedgerDoc.js';
import { createLogger } from '../src/log.js';
import { Outbox } from '../src/outbox/Outbox.js';
import type { OutboxRecord, PushKind } from '../src/outbox/OutboxRecord.js';
import { OutboxSender } from '../src/outbox/OutboxSender.js';
import { OUTBOX_FILE } from '../src/storage/files/fileNames.js';
import { openLedger } from '../src/storage/openLedger.js';
import { createWeComApi } from '../src/wecom/createWeComApi.js';
import { startFakeWeComApi } from '../test/helpers/fakeWeComApi.js';
import { BENCH, botEnv } from './identity.js';
import { summarize } from './stats.js';
import { FileOutboxMedia } from '../src/storage/files/FileOutboxMedia.js';

export interface OutboxBenchResult {
  history: number;
  p50: number;
  p99: number;
  /** outbox.json after the answers: what every answer rewrites. */
  outboxBytes: number;
}

/**
 * The outbox's share of one answer (a late reply: queue, deliver to message/send on a loopback fake
 * WeCom, mark sent), one at a time, after `history` records already sent — written as a bot from
 * before pruning left them in outbox.json (mostly group answers, some notices).
 */
export async function outboxBench(history: number, answers: number): Promise<OutboxBenchResult> {
  const api = await startFakeWeComApi({ corpId: BENCH.corpId, secret: BENCH.secret });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rectify-outbox-bench-'));
  const now = Date.now();
  try {
    await writeFile(
      path.join(dataDir, OUTBOX_FILE),
      JSON.stringify({ schemaVersion: SCHEMA_VERSION, outbox: sentHistory(history, now) }),
    );
    const config = loadConfig(botEnv(dataDir, api.url));
    const clock = () => Date.now();
    const log = createLogger('silent');
    const { storage } = await openLedger(dataDir, { clock, seedReport: BUNDLED_REPORT });
    const outbox = new Outbox(storage.outbox, clock);
    const api_ = createWeComApi(config, clock, log);
    const media = new FileOutboxMedia(dataDir, clock);
    const sender = new OutboxSender({
      outbox,
      api: api_,
      agentId: BENCH.agentId,
      robotKeys: new Map(),
      media,
      clock,
      log,
    });
    try {
      await sender.kick();
      const latencies: number[] = [];
      for (let i = 0; i < answers; i++) {
        const start = performance.now();
        await outbox.notify('reply', [BENCH.member], `第${i}条回复`, `msg:bench-${i}`);
        await sender.kick();
        latencies.push(performance.now() - start);
      }
      const { p50, p99 } = summarize(latencies);
      return { history, p50, p99, outboxBytes: (await stat(path.join(dataDir, OUTBOX_FILE))).size };
    } finally {
      await sender.stop();
      await storage.close();
    }
  } finally {
    await api.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function sentHistory(n: number, now: number): OutboxRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const kind: PushKind = i % 10 === 0 ? 'notice' : 'aibot';
    return {
      id: `${kind}:old-${i}:x`,
      kind,
      period: `old-${i}`,
      target:
        kind === 'aibot'
          ? { kind: 'response', url: `https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=c${i}` }
          : { kind: 'user', userId: BENCH.member },
      message: { msgtype: 'markdown', parts: [`【第${i % 50}项】${'整改进展'.repeat(40)}`] },
      state: 'sent',
      attempts: 1,
      createdAt: now - 60_000,
      partsSent: 1,
      sentAt: now - 60_000,
    };
  });
}
