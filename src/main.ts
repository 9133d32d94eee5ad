import path from 'node:path';
import { ConfigError, DEMO, loadConfig } from './config.js';
import { loadEnvFile } from './envFile.js';
import { CorruptDataError } from './storage/CorruptDataError.js';
import { DataLockedError } from './storage/files/DataLockedError.js';
import { ReportFormatError } from './ledger/ReportFormatError.js';
import { createLogger } from './log.js';
import { prettyLogStream } from './prettyLogStream.js';
import { startBot } from './startBot.js';

const KNOWN = [ConfigError, CorruptDataError, DataLockedError, ReportFormatError];

async function main(): Promise<void> {
  const envFile = loadEnvFile();
  process.stdout.write(`${envFileNote(envFile)}\n`);
  const config = loadConfig();
  // A terminal gets lines a person reads; a pipe or file (a service, a test) gets JSON.
  const log = createLogger(config.logLevel, process.stdout.isTTY ? await prettyLogStream(config.timeZone) : undefined);
  const bot = await startBot(config, { log });
  log.info(
    {
      url: bot.url,
      dataDir: config.dataDir,
      items: bot.ledgers.items().length,
      ledgers: bot.ledgers.all.length,
      demo: config.demo,
      envFile,
    },
    'rectify-bot listening',
  );
  if (config.demo) printDemoBanner(bot.url, config.dataDir);
  if (config.demo && !isLoopback(config.host)) {
    log.warn({ host: config.host }, 'demo mode listening beyond this machine');
    process.stderr.write(
      `\n!!! 警告：演示模式正在监听 ${config.host}，同一网络的任何人都能用公开的演示密钥以管理员身份操作台账。` +
        '\n!!! 只在本机试用时请去掉 HOST 设置（默认只监听 127.0.0.1）。\n\n',
    );
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    await bot.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function envFileNote(file: string | undefined): string {
  return file
    ? `配置：已读取 ${file}（环境变量中已有的设置优先）`
    : `配置：只用环境变量（没有 ${path.resolve('.env')}）`;
}

function printDemoBanner(url: string, dataDir: string): void {
  process.stdout.write(
    `${[
      '',
      '演示模式：没有设置企业微信凭据，使用本地演示身份。',
      `  回调地址   ${url}/wecom/callback`,
      `  CorpID     ${DEMO.corpId}    Token ${DEMO.token}`,
      `  AESKey     ${DEMO.encodingAESKey}`,
      `  数据目录   ${dataDir}（对外消息写入 outbound.jsonl）`,
      `  台账页面   ${url}/app/（演示登录，仅本机）`,
      '另开一个终端，这样和机器人说话：',
      '  npm run cli -- chat --user demo-admin "进度 20"',
      '  npm run cli -- chat --user demo-admin "进度 20 清淤完成75%"',
      '',
    ].join('\n')}\n`,
  );
}

main().catch((err: unknown) => {
  // A file-system refusal (no permission, not a folder, disk full) names its path: the message is enough.
  const known = KNOWN.some((k) => err instanceof k) || typeof (err as NodeJS.ErrnoException).code === 'string';
  process.stderr.write(`启动失败：${known ? (err as Error).message : (err as Error).stack}\n`);
  process.exit(1);
});
