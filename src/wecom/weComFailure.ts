import { WeComApiError } from './errors.js';

/** What a member can be told about a failed WeCom call: the errcode or that WeCom was unreachable, nothing more. */
export function weComFailure(err: unknown): string {
  if (err instanceof WeComApiError) return err.errcode === 40007 ? '素材已失效' : `企业微信错误码 ${err.errcode}`;
  return '暂时连不上企业微信';
}
