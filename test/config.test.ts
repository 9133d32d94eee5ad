import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, DEMO, loadConfig, PROJECT_ROOT } from '../src/config.js';

const CREDENTIALS = {
  WECOM_CORP_ID: 'ww1234567890abcdef',
  WECOM_AGENT_ID: '1000005',
  WECOM_SECRET: 'S3cretValue-DoNotPrint',
  WECOM_TOKEN: 'Tok3nValueDoNotPrint',
  WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
};

/** The ConfigError loadConfig throws for env; fails the test if it does not throw one. */
function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.message;
  }
  assert.fail('the configuration was accepted');
}

describe('defaults', () => {
  test('an empty environment is demo mode with the documented defaults', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1', 'demo mode answers only this machine');
    assert.equal(config.dataDir, path.join(PROJECT_ROOT, 'data'));
    assert.equal(config.demo, true);
    assert.equal(config.wecom.apiBase, 'https://qyapi.weixin.qq.com');
    assert.equal(config.wecom.timestampTolerance, 300);
    assert.equal(config.timeZone, 'Asia/Shanghai');
    assert.equal(config.logLevel, 'info');
  });

  test('with credentials the bot listens on every address unless HOST says otherwise', () => {
    assert.equal(loadConfig(CREDENTIALS).host, '0.0.0.0');
    assert.equal(loadConfig({ ...CREDENTIALS, HOST: '10.0.0.5' }).host, '10.0.0.5');
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).host, '0.0.0.0');
  });

  test('demo mode uses the fixed local identity and a demo admin', () => {
    const { wecom, admins } = loadConfig({});
    assert.deepEqual(
      {
        corpId: wecom.corpId,
        agentId: wecom.agentId,
        secret: wecom.secret,
        token: wecom.token,
        encodingAESKey: wecom.encodingAESKey,
      },
      { ...DEMO },
    );
    assert.deepEqual(admins, ['demo-admin']);
    assert.deepEqual(loadConfig({ WECOM_ADMINS: 'wang' }).admins, ['wang']);
  });

  test('blank values count as unset', () => {
    const config = loadConfig({ PORT: ' ', WECOM_SECRET: '   ', WECOM_TOKEN: '' });
    assert.equal(config.port, 3000);
    assert.equal(config.demo, true);
  });

  test('a relative DATA_DIR is made absolute', () => {
    assert.equal(loadConfig({ DATA_DIR: 'var/ledger' }).dataDir, path.resolve('var/ledger'));
  });
});

describe('configured', () => {
  test('all five credentials leave demo mode and are used as given', () => {
    const config = loadConfig({
      ...CREDENTIALS,
      PORT: '8080',
      HOST: '127.0.0.1',
      WECOM_API_BASE: 'http://127.0.0.1:9999/',
      WECOM_ADMINS: ' zhang , li,,wang ',
      WECOM_TIMESTAMP_TOLERANCE: '0',
      TZ: 'Asia/Urumqi',
      LOG_LEVEL: 'warn',
    });
    assert.equal(config.demo, false);
    assert.equal(config.port, 8080);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.wecom.corpId, CREDENTIALS.WECOM_CORP_ID);
    assert.equal(config.wecom.agentId, CREDENTIALS.WECOM_AGENT_ID);
    assert.equal(config.wecom.secret, CREDENTIALS.WECOM_SECRET);
    assert.equal(config.wecom.token, CREDENTIALS.WECOM_TOKEN);
    assert.equal(config.wecom.encodingAESKey, CREDENTIALS.WECOM_ENCODING_AES_KEY);
    assert.equal(config.wecom.apiBase, 'http://127.0.0.1:9999');
    assert.equal(config.wecom.timestampTolerance, 0);
    assert.deepEqual(config.admins, ['zhang', 'li', 'wang']);
    assert.equal(config.timeZone, 'Asia/Urumqi');
    assert.equal(config.logLevel, 'warn');
  });

  test('partial credentials are refused, naming exactly the missing ones', () => {
    const message = refusal({ WECOM_CORP_ID: CREDENTIALS.WECOM_CORP_ID, WECOM_SECRET: CREDENTIALS.WECOM_SECRET });
    assert.match(message, /WECOM_AGENT_ID, WECOM_TOKEN, WECOM_ENCODING_AES_KEY/);
    assert.doesNotMatch(message, /WECOM_CORP_ID|WECOM_SECRET/);
    assert.doesNotMatch(message, /S3cretValue/);
  });
});

describe('invalid values stop start-up, naming the variable and never echoing a secret', () => {
  const bad: Array<[string, string, string]> = [
    ['WECOM_ENCODING_AES_KEY', 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2', '42 characters'],
    ['WECOM_ENCODING_AES_KEY', 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2CD', '44 characters'],
    ['WECOM_ENCODING_AES_KEY', 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B+C', 'not alphanumeric'],
    ['WECOM_TOKEN', 'Tok3n-With-Dashes', 'not alphanumeric'],
    ['WECOM_AGENT_ID', 'agent7', 'not a number'],
    ['PORT', 'eighty', 'not a number'],
    ['PORT', '70000', 'out of range'],
    ['WECOM_TIMESTAMP_TOLERANCE', '-1', 'negative'],
    ['WECOM_API_BASE', 'qyapi.weixin.qq.com', 'not a URL'],
    ['TZ', 'Asia/Beijing', 'not an IANA zone'],
    ['LOG_LEVEL', 'loud', 'not a level'],
    ['DATABASE_URL', 'mysql://bot:pw@db/rectify', 'not a postgres:// URL'],
    ['DATABASE_POOL_MAX', '500', 'more than a server allows'],
  ];
  for (const [name, value, why] of bad) {
    test(`${name}: ${why}`, () => {
      const message = refusal({ ...CREDENTIALS, [name]: value });
      assert.match(message, new RegExp(`^配置错误：${name} `));
      assert.ok(!message.includes(value), message);
      for (const secret of [CREDENTIALS.WECOM_SECRET, CREDENTIALS.WECOM_TOKEN, CREDENTIALS.WECOM_ENCODING_AES_KEY]) {
        assert.ok(!message.includes(secret), message);
      }
    });
  }
});

describe('DATABASE_URL', () => {
  test('unset: the files in DATA_DIR, as always', () => {
    assert.equal(loadConfig({}).database, undefined);
  });

  test('set: PostgreSQL with a pool of 10 unless told, and a CA file made absolute', () => {
    const url = 'postgres://bot:S3cret@db.internal:5432/rectify?sslmode=verify-full';
    assert.deepEqual(loadConfig({ DATABASE_URL: url }).database, { url, poolMax: 10 });
    const config = loadConfig({ DATABASE_URL: url, DATABASE_POOL_MAX: '4', DATABASE_SSL_CA: 'certs/ca.pem' });
    assert.deepEqual(config.database, { url, poolMax: 4, sslCa: path.resolve('certs/ca.pem') });
  });

  test('a wrong URL is refused without echoing it (it carries the password)', () => {
    const message = refusal({ DATABASE_URL: 'postgres//bot:S3cret@db/rectify' });
    assert.match(message, /^配置错误：DATABASE_URL 应为 postgres:\/\//);
    assert.ok(!message.includes('S3cret'), message);
  });
});
