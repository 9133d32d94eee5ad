/**
 * What every callback route (the app's and the AI bot's) shares: WeCom waits 5 s including the
 * network, so an answer is given within 4 s or sent later; bodies are a few KB, so 64 KiB is generous;
 * WeCom retries within minutes, so a message's answer is remembered for 10.
 */
export const CALLBACK_DEFAULTS = {
  replyBudgetMs: 4000,
  bodyLimit: 64 * 1024,
  dedupeMs: 10 * 60_000,
} as const;

export interface CallbackTuning {
  replyBudgetMs?: number;
  bodyLimit?: number;
}

export function callbackSettings(tuning: CallbackTuning): { budget: number; bodyLimit: number; dedupeMs: number } {
  return {
    budget: tuning.replyBudgetMs ?? CALLBACK_DEFAULTS.replyBudgetMs,
    bodyLimit: tuning.bodyLimit ?? CALLBACK_DEFAULTS.bodyLimit,
    dedupeMs: CALLBACK_DEFAULTS.dedupeMs,
  };
}
