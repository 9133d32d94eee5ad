import { WeComSigner } from '../test/helpers/wecomSigner.js';

/** A made-up WeCom identity for benchmarks; nothing here is a real credential. */
export const BENCH = {
  corpId: 'wwbench000000001',
  agentId: '1000002',
  secret: 'bench-secret',
  token: 'benchtoken01',
  encodingAESKey: 'benchAESkey0123456789abcdefghijklmnopqrstuv',
  admin: 'bench-admin',
  member: 'bench-member',
} as const;

/** Environment that starts the bot with the bench identity on a given data folder. */
export function botEnv(dataDir: string, apiBase: string): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    WECOM_CORP_ID: BENCH.corpId,
    WECOM_AGENT_ID: BENCH.agentId,
    WECOM_SECRET: BENCH.secret,
    WECOM_TOKEN: BENCH.token,
    WECOM_ENCODING_AES_KEY: BENCH.encodingAESKey,
    WECOM_API_BASE: apiBase,
    WECOM_ADMINS: BENCH.admin,
    TZ: 'Asia/Shanghai',
    LOG_LEVEL: 'info',
  };
}

/** Signs the way WeCom does, written from the algorithm (test/helpers), not from src/. */
export function benchSigner(): WeComSigner {
  return new WeComSigner({ token: BENCH.token, encodingAESKey: BENCH.encodingAESKey, receiveId: BENCH.corpId });
}

/** What `npm start` runs: the bundle `npm run build` writes (`npm run bench` builds it first). */
export const BUILT_BOT = 'dist/main.js';
