import { formatTime } from '../text/formatTime.js';
import type { Config } from '../config.js';
import type { OutboxRecord, Target } from '../outbox/OutboxRecord.js';
import { createLogger } from '../log.js';
import { Outbox } from '../outbox/Outbox.js';
import { OutboxSender } from '../outbox/OutboxSender.js';
import { pushTargets } from '../outbox/pushTargets.js';
import type { DigestSettings } from '../schedule/buildDigest.js';
import { chartPeriod, digestChartPushes } from '../schedule/digestChartPushes.js';
import { DIGEST_KIND, digestPushes } from '../schedule/digestPushes.js';
import { loadHolidayOverrides } from '../schedule/loadHolidayOverrides.js';
import { markdownToText } from '../schedule/markdownToText.js';
import { weeklyDigest } from '../schedule/weeklyDigest.js';
import { FileOutboxMedia } from '../storage/files/FileOutboxMedia.js';
import { openLedger } from '../storage/openLedger.js';
import { createWeComApi } from '../wecom/createWeComApi.js';
import { CliFailure } from './CliFailure.js';
import { openWritable } from './openWritable.js';
import { parseCommandArgs } from './parseCommandArgs.js';

export const digestUsage =
  'digest [--markdown] [--send] [--chart 图片.png]   打印本周周报（纯文本，同聊天里的「周报」；--markdown 打印发出的原文）；--send 立即发到所有群和机器人（每周每个目标只发一次，需先停止机器人）；--chart 把周报图表写成 PNG';

/** Prints the digest as it would go out now; with --send, queues and delivers it through the outbox. */
export async function digest(argv: string[], config: Config, now = Date.now()): Promise<string> {
  const { values } = parseCommandArgs(argv, {
    usage: digestUsage,
    options: {
      send: { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      chart: { type: 'string' },
    },
  });
  const settings: DigestSettings = {
    timeZone: config.timeZone,
    festivals: config.schedule.festivals,
    overrides: await loadHolidayOverrides(config.dataDir),
    ...(config.page?.baseUrl !== undefined && { pageUrl: config.page.baseUrl }),
  };
  const text = await (values.send ? send(config, settings, now) : preview(config, settings, now, values.markdown));
  if (!values.chart) return text;
  // ECharts and resvg take a second and some 70 MB to load: only for the one command that draws.
  const { writeDigestChart } = await import('./writeDigestChart.js');
  return `${text}\n\n${await writeDigestChart(config, now, values.chart)}`;
}

async function preview(config: Config, settings: DigestSettings, now: number, markdown: boolean): Promise<string> {
  const { storage, ledger } = await openLedger(config.dataDir, {
    clock: () => now,
    readOnly: true,
    database: config.database,
  });
  try {
    const { text } = weeklyDigest(ledger, now, settings);
    return markdown ? text : markdownToText(text);
  } finally {
    await storage.close();
  }
}

async function send(config: Config, settings: DigestSettings, now: number): Promise<string> {
  const { targets, robotKeys } = pushTargets(config.schedule.chatIds, config.schedule.robotKeys);
  if (!targets.length) throw new CliFailure('没有设置 WECOM_CHAT_IDS 或 WECOM_ROBOT_KEYS：周报无处发送。');
  const clock = () => now;
  const { storage, ledger } = await openWritable(
    config,
    clock,
    '周报由它按 DIGEST_CRON 发送。要立即发送，请先停止机器人再运行 digest --send。',
  );
  const log = createLogger(config.logLevel, process.stderr);
  const outbox = new Outbox(storage.outbox, clock);
  const media = new FileOutboxMedia(config.dataDir, clock);
  const sender = new OutboxSender({
    outbox,
    api: createWeComApi(config, clock, log),
    agentId: config.wecom.agentId,
    robotKeys,
    media,
    clock,
    log,
  });
  try {
    const digest = weeklyDigest(ledger, now, settings);
    const pushes = digestPushes(digest, targets);
    if (config.schedule.digestChart)
      try {
        const { digestChart } = await import('../chart/digestChart.js');
        const image = await media.savePng(await digestChart(ledger, now, config.timeZone));
        pushes.push(...digestChartPushes(digest.period, image, targets));
      } catch (err) {
        log.error({ err }, 'digest: the chart could not be drawn; the text goes without it');
      }
    const fresh = new Set((await outbox.enqueue(pushes)).map((r) => r.id));
    await sender.kick();
    const lines: string[] = [];
    const sent: Array<readonly [string, string]> = [['周报', digest.period]];
    if (config.schedule.digestChart) sent.push(['图表', chartPeriod(digest.period)]);
    for (const [title, period] of sent) {
      lines.push(`${digest.period} ${title}：`);
      for (const target of targets) {
        const record = await outbox.record(DIGEST_KIND, period, target);
        lines.push(
          `· ${targetName(target)}：${record ? outcome(record, fresh.has(record.id), config.timeZone) : '没有画成（见日志）'}`,
        );
      }
    }
    return lines.join('\n');
  } finally {
    await sender.stop();
    await storage.close();
  }
}

function targetName(target: Target): string {
  switch (target.kind) {
    case 'chat':
      return `群 ${target.chatId}`;
    case 'robot':
      return `机器人 ${target.keyId}`;
    case 'user':
      return `成员 ${target.userId}`;
    case 'response':
      return '智能机器人回复';
  }
}

function outcome(record: OutboxRecord, fresh: boolean, timeZone: string): string {
  const parts = record.message.msgtype === 'image' ? '1 张图片' : `${record.message.parts.length} 条消息`;
  if (record.state === 'sent')
    return fresh
      ? `已发送（${parts}）`
      : `本周已发送过（${formatTime(record.sentAt ?? record.createdAt, timeZone)}），不再重复`;
  if (record.state === 'failed') return `发送失败，不再重试：${record.lastError ?? ''}`;
  return `暂未送达（已送 ${record.partsSent ?? 0}/${record.message.parts.length} 条），机器人启动后继续重试：${record.lastError ?? ''}`;
}
