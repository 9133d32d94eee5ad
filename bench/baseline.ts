/**
 * The floor the bot's callback is compared against: bare Koa doing only what any WeCom callback
 * must do — signature check, decrypt, XML parse, encrypt and sign a fixed reply. No routing,
 * dedupe, commands or store. Run as its own process by bench/run.ts, exactly like the bot.
 * BASELINE_REPLY is the fixed reply: the bench passes a real answer of the bot's, so both
 * encrypt and send the same number of bytes and the difference is the bot's own work.
 */
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';
import Koa from 'koa';

const token = process.env.WECOM_TOKEN!;
const aesKey = process.env.WECOM_ENCODING_AES_KEY!;
const corpId = process.env.WECOM_CORP_ID!;
const replyText = process.env.BASELINE_REPLY ?? '收到';
const parser = new XMLParser({ parseTagValue: false });

const app = new Koa();
app.use(async (ctx) => {
  if (ctx.path === '/healthz') {
    ctx.body = { status: 'ok' };
    return;
  }
  const { msg_signature, timestamp, nonce } = ctx.query as Record<string, string>;
  const encrypted = (parser.parse(await rawBody(ctx.req)) as { xml: { Encrypt: string } }).xml.Encrypt;
  if (getSignature(token, timestamp!, nonce!, encrypted) !== msg_signature) {
    ctx.status = 403;
    return;
  }
  const message = (parser.parse(decrypt(aesKey, encrypted).message) as { xml: { FromUserName: string } }).xml;
  const now = String(Math.floor(Date.now() / 1000));
  const reply = `<xml><ToUserName><![CDATA[${message.FromUserName}]]></ToUserName><FromUserName><![CDATA[${corpId}]]></FromUserName><CreateTime>${now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${replyText}]]></Content></xml>`;
  const sealed = encrypt(aesKey, reply, corpId);
  ctx.type = 'text/xml';
  ctx.body = `<xml><Encrypt><![CDATA[${sealed}]]></Encrypt><MsgSignature><![CDATA[${getSignature(token, now, nonce!, sealed)}]]></MsgSignature><TimeStamp>${now}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`;
});

async function rawBody(req: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
// A clean exit on SIGTERM, so `--cpu-prof` can write its profile like the bot's does.
process.on('SIGTERM', () => process.exit(0));
