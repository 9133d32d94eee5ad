import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

const TOKEN = 'aibottoken42';
const KEY = 'Zx9kQ2mW7rT4yU1iO3pA5sD8fG6hJ0lK2zX4cV6bN8m';

test('without the aibot variables there is no aibot config', () => {
  assert.equal(loadConfig({}).aibot, undefined);
  assert.equal(loadConfig({ WECOM_AIBOT_TOKEN: ' ', WECOM_AIBOT_ENCODING_AES_KEY: '' }).aibot, undefined);
});

test('both set: the keys are taken as given', () => {
  assert.deepEqual(loadConfig({ WECOM_AIBOT_TOKEN: TOKEN, WECOM_AIBOT_ENCODING_AES_KEY: KEY }).aibot, {
    token: TOKEN,
    encodingAESKey: KEY,
  });
});

test('one without the other is a start-up error naming the missing one, not the value given', () => {
  assert.throws(
    () => loadConfig({ WECOM_AIBOT_TOKEN: TOKEN }),
    (err: Error) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /缺 WECOM_AIBOT_ENCODING_AES_KEY/);
      assert.doesNotMatch(err.message, new RegExp(TOKEN));
      return true;
    },
  );
  assert.throws(
    () => loadConfig({ WECOM_AIBOT_ENCODING_AES_KEY: KEY }),
    (err: Error) => {
      assert.match(err.message, /缺 WECOM_AIBOT_TOKEN$/);
      assert.doesNotMatch(err.message, new RegExp(KEY));
      return true;
    },
  );
});

test('formats are checked like the app callback keys', () => {
  assert.throws(
    () => loadConfig({ WECOM_AIBOT_TOKEN: 'has space', WECOM_AIBOT_ENCODING_AES_KEY: KEY }),
    /WECOM_AIBOT_TOKEN 应为 1–32 位字母数字/,
  );
  assert.throws(
    () => loadConfig({ WECOM_AIBOT_TOKEN: TOKEN, WECOM_AIBOT_ENCODING_AES_KEY: KEY.slice(1) }),
    /WECOM_AIBOT_ENCODING_AES_KEY 应为 43 位字母数字/,
  );
});
