import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { RecordedCall } from '../helpers/fakeWeComApi.js';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { assertNothingStored, noticesTo, waitFor } from '../helpers/workflowHelpers.js';

let t: TestBot;
before(async () => (t = await startTestBot()));
after(() => t.stop());

const fileMessages = () => t.api.callsTo('/cgi-bin/message/send').filter((c) => c.body.msgtype === 'file');

/** The one file part of a multipart/form-data body. */
function uploadedFile(call: RecordedCall): { filename: string; bytes: Buffer } {
  const raw = call.body as Buffer;
  const boundary = raw.subarray(0, raw.indexOf('\r\n'));
  const headerEnd = raw.indexOf('\r\n\r\n') + 4;
  const header = raw.subarray(0, headerEnd).toString('utf8');
  const end = raw.indexOf(Buffer.concat([Buffer.from('\r\n'), boundary]), headerEnd);
  return { filename: /filename="([^"]*)"/.exec(header)?.[1] ?? '', bytes: raw.subarray(headerEnd, end) };
}

test('导出 replies at once, then uploads the workbook and sends it to the admin as a file message', async () => {
  assert.equal(await t.say(ADMIN, '导出'), '已生成台账（53 项，Excel），稍后以文件发送给你。');
  const message = await waitFor(() => fileMessages()[0], 'the file message');
  const [upload] = t.api.callsTo('/cgi-bin/media/upload');
  assert.equal(upload?.query.type, 'file');
  assert.deepEqual(
    { touser: message.body.touser, agentid: message.body.agentid, file: message.body.file },
    { touser: ADMIN, agentid: 1000002, file: { media_id: 'UP1' } },
  );

  const { filename, bytes } = uploadedFile(upload!);
  assert.equal(filename, '巡察整改台账-2026-11-27.xlsx');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  assert.equal(workbook.worksheets[0]?.rowCount, 54);
});

test('when WeCom refuses the upload, the admin is told to ask again and no file message goes out', async () => {
  t.api.inject('/cgi-bin/media/upload', [{ errcode: 40005, errmsg: 'invalid file type' }]);
  const before = fileMessages().length;
  assert.match(await t.say(ADMIN, '导出'), /^已生成台账/);
  const notice = await waitFor(
    async () => (await noticesTo(t, ADMIN)).find((n) => n.startsWith('台账文件发送失败')),
    'the failure notice',
  );
  assert.equal(notice, '台账文件发送失败（企业微信错误码 40005），请稍后再发「导出」。');
  assert.equal(fileMessages().length, before);
});

test('only admins may export: anyone else is told who may, nothing is uploaded or stored', async () => {
  const uploads = t.api.callsTo('/cgi-bin/media/upload').length;
  await assertNothingStored(t, async () => {
    assert.equal(await t.say('officer1', '导出'), `「导出」只有管理员可以使用。\n管理员：${ADMIN}`);
  });
  assert.equal(t.api.callsTo('/cgi-bin/media/upload').length, uploads);
});
