import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cron from 'node-cron';
import { z } from 'zod';
import { parseFestivalList, type Festival } from './schedule/festivals.js';
import type { DatabaseOptions } from './storage/postgres/createPool.js';

/** Project root, so the bundled report is found whatever DATA_DIR or the working directory is. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLED_REPORT = path.join(PROJECT_ROOT, 'data/reports/hecheng-2021-rectification-progress.txt');

/**
 * The identity `npm start` uses when no WeCom credentials are set. Public on purpose: it only
 * lets the local `cli chat` talk to a local bot; outbound calls then go to a file, not to WeCom.
 */
export const DEMO = {
  corpId: 'wwdemo0000000000',
  agentId: '1000002',
  secret: 'demo-secret',
  token: 'demotoken',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
} as const;

const csv = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

const callbackToken = z.string().regex(/^[A-Za-z0-9]{1,32}$/, '应为 1–32 位字母数字');
const encodingAESKey = z.string().regex(/^[A-Za-z0-9]{43}$/, '应为 43 位字母数字');

const schema = z.object({
  PORT: z.coerce
    .number({ error: '应为数字' })
    .int('应为整数')
    .min(0, '应在 0–65535 之间')
    .max(65535, '应在 0–65535 之间')
    .default(3000),
  HOST: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, 'data')),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, '应为 postgres://用户:密码@主机:端口/库名 形式的连接串')
    .optional(),
  DATABASE_POOL_MAX: z.coerce
    .number({ error: '应为数字' })
    .int('应为整数')
    .min(1, '应在 1–100 之间')
    .max(100, '应在 1–100 之间')
    .default(10),
  DATABASE_SSL_CA: z.string().min(1).optional(),
  WECOM_CORP_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, '应为企业 ID（字母数字）')
    .optional(),
  WECOM_AGENT_ID: z
    .string()
    .regex(/^\d{1,12}$/, '应为数字')
    .optional(),
  WECOM_SECRET: z.string().min(1).optional(),
  WECOM_TOKEN: callbackToken.optional(),
  WECOM_ENCODING_AES_KEY: encodingAESKey.optional(),
  WECOM_AIBOT_TOKEN: callbackToken.optional(),
  WECOM_AIBOT_ENCODING_AES_KEY: encodingAESKey.optional(),
  WECOM_API_BASE: z.string().url('应为以 https:// 开头的网址').default('https://qyapi.weixin.qq.com'),
  PAGE_BASE_URL: z
    .string()
    .regex(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/, '应为页面的公网地址，如 https://bot.example.cn')
    .optional(),
  PAGE_SESSION_SECRET: z.string().min(32, '至少 32 个字符（可用 openssl rand -hex 32 生成）').optional(),
  PAGE_RESTRICT: z.enum(['0', '1', 'true', 'false'], '应为 1 或 0').default('0'),
  PAGE_AUTHORIZE_URL: z.string().url('应为网址').default('https://open.weixin.qq.com/connect/oauth2/authorize'),
  WECOM_ADMINS: csv,
  WECOM_TIMESTAMP_TOLERANCE: z.coerce
    .number({ error: '应为秒数' })
    .int('应为整数秒')
    .min(0, '不能为负（0 表示不检查）')
    .default(300),
  EVIDENCE_MAX_BYTES: z.coerce
    .number({ error: '应为字节数' })
    .int('应为整数字节')
    .min(1, '应大于 0')
    .default(20 * 1024 * 1024),
  TZ: z.string().refine(isTimeZone, '应为 IANA 时区，如 Asia/Shanghai').default('Asia/Shanghai'),
  LOG_LEVEL: z
    .enum(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      '应为 fatal、error、warn、info、debug、trace 或 silent',
    )
    .default('info'),
  WECOM_CHAT_IDS: csv,
  // A pasted webhook URL is reduced to its key, the only part that is ours to keep.
  WECOM_ROBOT_KEYS: csv.transform((keys) => keys.map((k) => /[?&]key=([^&#]+)/.exec(k)?.[1] ?? k)),
  // "chatA=审,巡;2=审": chat id or robot position (1-based in WECOM_ROBOT_KEYS) = ledger codes or names.
  DIGEST_FOLLOW: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const follow: Record<string, string[]> = {};
      for (const entry of text
        .split(/[;；]/)
        .map((e) => e.trim())
        .filter(Boolean)) {
        const [target, ledgers] = entry.split('=').map((p) => p.trim());
        const list = (ledgers ?? '')
          .split(/[,，、]/)
          .map((l) => l.trim())
          .filter(Boolean);
        if (!target || !list.length) {
          ctx.issues.push({
            code: 'custom',
            message: '应为「群或机器人序号=台账代码,…;…」，例如 chatA=审,巡;2=审',
            input: text,
          });
          return z.NEVER;
        }
        follow[target] = list;
      }
      return follow;
    }),
  DIGEST_CRON: z
    .string()
    .refine((e) => cron.validate(e), '不是有效的 cron 表达式，例如 0 9 * * 1（每周一 9:00）')
    .default('0 9 * * 1'),
  DIGEST_CHART: z.enum(['0', '1'], '应为 0 或 1').default('1'),
  REMINDER_TIME: z
    .string()
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, '应为 HH:MM，例如 09:00')
    .default('09:00')
    .transform((t) => t.padStart(5, '0')),
  DEADLINE_WARN_DAYS: z.coerce
    .number({ error: '应为天数' })
    .int('应为整数天')
    .min(1, '应在 1–90 之间')
    .max(90, '应在 1–90 之间')
    .default(7),
  METRICS_PUBLIC: z.enum(['0', '1'], '应为 0 或 1').default('0'),
  METRICS_TOKEN: z.string().min(16, '至少 16 个字符').optional(),
  FESTIVALS: z
    .string()
    .default('元旦,春节,端午,中秋,国庆')
    .transform((list, ctx) => {
      try {
        return parseFestivalList(list);
      } catch (err) {
        ctx.issues.push({ code: 'custom', message: (err as Error).message, input: list });
        return z.NEVER;
      }
    }),
});

const CREDENTIALS = [
  'WECOM_CORP_ID',
  'WECOM_AGENT_ID',
  'WECOM_SECRET',
  'WECOM_TOKEN',
  'WECOM_ENCODING_AES_KEY',
] as const;

export interface WeComIdentity {
  corpId: string;
  agentId: string;
  secret: string;
  token: string;
  encodingAESKey: string;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Set: the ledger and outbox live in PostgreSQL; DATA_DIR keeps evidence photos and holiday overrides. */
  database?: DatabaseOptions;
  demo: boolean;
  wecom: WeComIdentity & { apiBase: string; timestampTolerance: number };
  /** The 智能机器人 callback keys; when absent, /wecom/aibot does not exist. */
  aibot?: { token: string; encodingAESKey: string };
  admins: string[];
  /** Zone of every date people read, and of the schedule. */
  timeZone: string;
  logLevel: string;
  /** Largest evidence photo downloaded, in bytes; a larger one is cut off and refused. */
  evidenceMaxBytes: number;
  schedule: ScheduleConfig;
  /** Who may read /metrics besides this machine: anyone (public), or whoever sends the token (secret). */
  metrics: { public: boolean; token?: string };
  /** The ledger page at /app/; absent when it is off (not demo and no PAGE_BASE_URL). */
  page?: PageConfig;
}

export interface PageConfig {
  /** Public base for OAuth redirect URIs and chat links, without a trailing slash; demo may leave it out. */
  baseUrl?: string;
  /** HMAC key of session cookies (secret). */
  sessionSecret: string;
  /** Only admins and officers of some item may sign in. */
  restrict: boolean;
  /** WeCom's OAuth2 authorize page (tests point it at the fake). */
  authorizeUrl: string;
}

/** Where and when digests and reminders go. Robot keys are secrets: memory only, never stored or logged. */
export interface ScheduleConfig {
  chatIds: string[];
  robotKeys: string[];
  /** Which ledgers a chat (by id) or a robot (by position, "1", "2" …) follows; absent: all. */
  follow: Record<string, string[]>;
  digestCron: string;
  /** Whether each digest also sends its chart as a picture. */
  digestChart: boolean;
  /** HH:MM in timeZone. */
  reminderTime: string;
  festivals: Festival[];
  /** Days before a deadline its officers are reminded privately (the day after it passes they are told again). */
  deadlineWarnDays: number;
}

export class ConfigError extends Error {}

/** Environment → validated config. Errors name the variable, never its value (it may be a secret). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const input = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, blank(env[k])]));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`配置错误：${String(issue.path[0])} ${issue.message}`);
  }
  const e = parsed.data;
  const set = CREDENTIALS.filter((k) => e[k] !== undefined);
  if (set.length > 0 && set.length < CREDENTIALS.length) {
    const missing = CREDENTIALS.filter((k) => e[k] === undefined).join(', ');
    throw new ConfigError(`配置错误：已设置部分企业微信凭据，还缺 ${missing}（全部不设则以演示模式运行）`);
  }
  const demo = set.length === 0;
  // Demo mode answers with published keys, so by default only this machine may talk to it.
  const host = e.HOST ?? (demo ? '127.0.0.1' : '0.0.0.0');
  const aibot = aibotKeys(e.WECOM_AIBOT_TOKEN, e.WECOM_AIBOT_ENCODING_AES_KEY);
  return {
    port: e.PORT,
    host,
    dataDir: path.resolve(e.DATA_DIR),
    ...(e.DATABASE_URL && {
      database: {
        url: e.DATABASE_URL,
        poolMax: e.DATABASE_POOL_MAX,
        ...(e.DATABASE_SSL_CA && { sslCa: path.resolve(e.DATABASE_SSL_CA) }),
      },
    }),
    demo,
    wecom: {
      corpId: e.WECOM_CORP_ID ?? DEMO.corpId,
      agentId: e.WECOM_AGENT_ID ?? DEMO.agentId,
      secret: e.WECOM_SECRET ?? DEMO.secret,
      token: e.WECOM_TOKEN ?? DEMO.token,
      encodingAESKey: e.WECOM_ENCODING_AES_KEY ?? DEMO.encodingAESKey,
      apiBase: e.WECOM_API_BASE.replace(/\/+$/, ''),
      timestampTolerance: e.WECOM_TIMESTAMP_TOLERANCE,
    },
    admins: demo && e.WECOM_ADMINS.length === 0 ? ['demo-admin'] : e.WECOM_ADMINS,
    timeZone: e.TZ,
    logLevel: e.LOG_LEVEL,
    evidenceMaxBytes: e.EVIDENCE_MAX_BYTES,
    schedule: {
      chatIds: e.WECOM_CHAT_IDS,
      robotKeys: e.WECOM_ROBOT_KEYS,
      follow: e.DIGEST_FOLLOW,
      digestCron: e.DIGEST_CRON,
      digestChart: e.DIGEST_CHART === '1',
      reminderTime: e.REMINDER_TIME,
      festivals: e.FESTIVALS,
      deadlineWarnDays: e.DEADLINE_WARN_DAYS,
    },
    metrics: { public: e.METRICS_PUBLIC === '1', ...(e.METRICS_TOKEN && { token: e.METRICS_TOKEN }) },
    ...(aibot && { aibot }),
    ...pageConfig(e, demo),
  };
}

/** The page is on in demo mode and wherever PAGE_BASE_URL says where it lives; a real one needs a real secret. */
function pageConfig(e: z.infer<typeof schema>, demo: boolean): { page?: PageConfig } {
  const baseUrl = e.PAGE_BASE_URL?.replace(/\/+$/, '');
  if (!demo && baseUrl === undefined) return {};
  if (!demo && e.PAGE_SESSION_SECRET === undefined) {
    throw new ConfigError('配置错误：设置了 PAGE_BASE_URL 就须设置 PAGE_SESSION_SECRET（至少 32 个字符）');
  }
  return {
    page: {
      ...(baseUrl !== undefined && { baseUrl }),
      // Demo sessions need not outlive the process: a fresh key per start signs everyone out.
      sessionSecret: e.PAGE_SESSION_SECRET ?? randomBytes(32).toString('hex'),
      restrict: e.PAGE_RESTRICT === '1' || e.PAGE_RESTRICT === 'true',
      authorizeUrl: e.PAGE_AUTHORIZE_URL,
    },
  };
}

/** Both or neither: one alone is a half-configured robot that would refuse every callback. */
function aibotKeys(token: string | undefined, key: string | undefined): Config['aibot'] {
  if (token === undefined && key === undefined) return undefined;
  if (token === undefined || key === undefined) {
    const missing = token === undefined ? 'WECOM_AIBOT_TOKEN' : 'WECOM_AIBOT_ENCODING_AES_KEY';
    throw new ConfigError(`配置错误：智能机器人的 Token 与 EncodingAESKey 须同时设置，还缺 ${missing}`);
  }
  return { token, encodingAESKey: key };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
