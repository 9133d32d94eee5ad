import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { DemoWeComApi } from './DemoWeComApi.js';
import type { WeComApi } from './WeComApi.js';
import { WeComClient, type WeComClientOptions } from './WeComClient.js';

/** Request timeout and backoff sleep of the client, so tests need not wait them out. */
export type WeComTuning = Pick<WeComClientOptions, 'timeoutMs' | 'sleep'>;

/** The real client, or in demo mode a file; the bot and the CLI build their client the same way. */
export function createWeComApi(config: Config, clock: Clock, log: Logger, tuning: WeComTuning = {}): WeComApi {
  if (config.demo) return new DemoWeComApi(config.dataDir, clock, config.wecom.agentId);
  return new WeComClient({
    apiBase: config.wecom.apiBase,
    corpId: config.wecom.corpId,
    agentId: config.wecom.agentId,
    secret: config.wecom.secret,
    log,
    now: clock,
    ...tuning,
  });
}
