import { randomInt } from 'node:crypto';
import type { Config } from '../config.js';
import { Envelope } from '../wecom/Envelope.js';
import { cdata, parseXmlFields } from '../wecom/xml.js';
import { CliFailure } from './CliFailure.js';
import { CliUsageError } from './CliUsageError.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { stageDemoImage } from './stageDemoImage.js';
import { isTaskId } from '../reply/Card.js';
import { cardsSince, outboundSize } from './cardsSince.js';

export const chatUsage =
  'chat --user <userid> "<文字>" | --image <照片> | --click <TaskId> <按钮key> [--url <机器人地址或回调地址>]   以某成员身份向运行中的机器人发一条消息或点一张卡片的按钮（默认按 HOST、PORT；照片仅演示模式）';

const CALLBACK_PATH = '/wecom/callback';

/**
 * Talks to the running bot exactly as WeCom would — signed, encrypted XML to /wecom/callback — and
 * prints the decrypted reply, so the whole path can be tried without a chat server.
 */
export async function chat(argv: string[], config: Config): Promise<string> {
  const { values, positionals } = parseCommandArgs(argv, {
    usage: chatUsage,
    options: {
      user: { type: 'string' },
      url: { type: 'string' },
      image: { type: 'string' },
      click: { type: 'string' },
    },
    positionals: true,
  });
  const text = positionals.join(' ').trim();
  if (!values.user || !(text || values.image)) throw new CliUsageError(chatUsage);
  if (values.click !== undefined && (!isTaskId(values.click) || positionals.length !== 1))
    throw new CliUsageError(chatUsage, '--click 后写卡片的 TaskId，再写按钮的 key，例如 --click c3Xy… close');
  const base = (values.url ?? localUrl(config)).replace(/\/+$/, '');
  const callback = base.endsWith(CALLBACK_PATH) ? base : `${base}${CALLBACK_PATH}`;
  const { corpId, agentId, token, encodingAESKey } = config.wecom;
  const envelope = new Envelope({ token, encodingAESKey, receiveId: corpId });
  const now = Math.floor(Date.now() / 1000);
  const msgId = `${randomInt(1e9, 1e10)}${randomInt(1e9, 1e10)}`;
  const content =
    values.click !== undefined
      ? cardEvent(values.click, text)
      : values.image
        ? `<MsgType><![CDATA[image]]></MsgType><PicUrl>${cdata('')}</PicUrl><MediaId>${cdata(await stageDemoImage(values.image, config))}</MediaId>`
        : `<MsgType><![CDATA[text]]></MsgType><Content>${cdata(text)}</Content>`;
  const outbound = config.demo ? await outboundSize(config.dataDir) : 0;
  const plain = `<xml><ToUserName>${cdata(corpId)}</ToUserName><FromUserName>${cdata(values.user)}</FromUserName><CreateTime>${now}</CreateTime>${content}${values.click === undefined ? `<MsgId>${msgId}</MsgId>` : ''}<AgentID>${agentId}</AgentID></xml>`;
  const timestamp = String(now);
  const nonce = String(randomInt(1e9, 1e10));
  const { encrypted, signature } = envelope.seal(plain, timestamp, nonce);
  const query = new URLSearchParams({ msg_signature: signature, timestamp, nonce });
  let res: Response;
  try {
    res = await fetch(`${callback}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: `<xml><ToUserName>${cdata(corpId)}</ToUserName><AgentID>${cdata(agentId)}</AgentID><Encrypt>${cdata(encrypted)}</Encrypt></xml>`,
    });
  } catch {
    throw new CliFailure(`连不上 ${base}：机器人在运行吗？（另开终端运行 npm start）`);
  }
  const body = await res.text();
  if (res.status === 404)
    throw new CliFailure(
      `地址不对（HTTP 404）：${callback} 不是机器人的回调路径。--url 应为机器人的地址（如 http://127.0.0.1:3000）或回调地址（…${CALLBACK_PATH}）。`,
    );
  if (res.status !== 200)
    throw new CliFailure(`机器人拒绝了这条消息（HTTP ${res.status}：${body}）。凭据与运行中的机器人一致吗？`);
  if (!body) return '（机器人没有立即回复：它会通过应用消息补发，演示模式下写入数据目录的 outbound.jsonl）';
  const reply = openReply(envelope, body);
  // Cards go to others (the admins, the officers): demo mode shows them here, with their buttons.
  const cards = config.demo && /通知/.test(reply) ? await cardsSince(config.dataDir, outbound) : [];
  return [reply, ...cards].join('\n\n');
}

/**
 * A button click as WeCom reports it (模板卡片事件推送); the response_code is made up, as the demo API takes
 * any.
 */
function cardEvent(taskId: string, key: string): string {
  const code = `demo-${randomInt(1e9, 1e10)}`;
  return `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey>${cdata(key)}</EventKey><TaskId>${cdata(taskId)}</TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode>${cdata(code)}</ResponseCode>`;
}

/** Where the bot of this configuration listens; an any-address bind is reached on loopback. */
function localUrl(config: Config): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

function openReply(envelope: Envelope, body: string): string {
  const outer = parseXmlFields(body);
  const { Encrypt, MsgSignature, TimeStamp, Nonce } = outer;
  if (!Encrypt || !MsgSignature || !TimeStamp || !Nonce || !envelope.verify(MsgSignature, TimeStamp, Nonce, Encrypt)) {
    throw new CliFailure('回复的签名不对：机器人用的不是同一套 Token/EncodingAESKey');
  }
  return parseXmlFields(envelope.open(Encrypt)).Content ?? '';
}
