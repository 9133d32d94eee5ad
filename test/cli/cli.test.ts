import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUNDLED_REPORT } from '../../src/config.js';
import { importLedger } from '../../src/storage/files/importLedger.js';
import { DB_FILE } from '../../src/storage/files/fileNames.js';
import { openTestLedger } from '../helpers/openTestLedger.js';
import { dataSnapshot } from '../helpers/dataFiles.js';
import { cli } from '../helpers/runCli.js';
import { ADMIN, START_MS, startTestBot, TestClock, testEnv } from '../helpers/testBot.js';

const FULLWIDTH = fileURLToPath(new URL('../fixtures/report-fullwidth.txt', import.meta.url));

let tmp: string;
before(async () => (tmp = await mkdtemp(path.join(os.tmpdir(), 'rectify-cli-'))));
after(() => rm(tmp, { recursive: true, force: true }));

/** A DATA_DIR that does not exist yet. */
const freshDir = (name: string) => path.join(tmp, name);

/** RFC 4180 records: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[++i];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  assert.equal(field + record.join(''), '', 'the file must end with a complete record');
  return records;
}

describe('import', () => {
  test('builds a ledger; a second import sits beside it; --replace keeps a timestamped backup', async () => {
    const dir = freshDir('import-replace');
    const built = await cli(['import', BUNDLED_REPORT], { DATA_DIR: dir });
    assert.equal(built.code, 0, built.stderr);
    assert.match(built.stdout, /已建立台账：53 项，6 个类别/);
    const old = await dataSnapshot(dir);

    // Issue 13: a second import no longer refuses; it adds a ledger under ledgers/ and leaves the first alone.
    const added = await cli(['import', FULLWIDTH], { DATA_DIR: dir });
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /与原有台账并存：「.+」，代码 \S+/);
    assert.equal(await readFile(path.join(dir, DB_FILE), 'utf8'), old[DB_FILE]);
    assert.ok(existsSync(path.join(dir, 'ledgers', 'l2', DB_FILE)));

    const replaced = await cli(['import', FULLWIDTH, '--replace'], { DATA_DIR: dir });
    assert.equal(replaced.code, 0, replaced.stderr);
    const backup = /旧文件已备份：(\S+db\.json)$/m.exec(replaced.stdout)?.[1];
    assert.ok(backup, replaced.stdout);
    assert.match(path.basename(path.dirname(backup)), /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d[+-]\d{4}$/);
    assert.equal(await readFile(backup, 'utf8'), old[DB_FILE]);
  });

  test('a file without a single item is refused with what an item looks like, and nothing is written', async () => {
    const dir = freshDir('import-bad');
    const notes = path.join(tmp, 'notes.txt');
    await writeFile(notes, '会议纪要\n一、会议议程\n大家讨论了很多事情。\n');
    const run = await cli(['import', notes], { DATA_DIR: dir });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^没有找到任何整改事项/);
    assert.equal(existsSync(dir), false);
  });
});

describe('export', () => {
  test('CSV with a BOM, a header and one record per item, status in the report’s words', async () => {
    const dir = freshDir('export');
    await importLedger(dir, BUNDLED_REPORT, { replace: false, now: START_MS });
    const store = await openTestLedger(dir, { clock: () => START_MS });
    await store.append([
      { type: 'update', itemNo: 20, by: ADMIN, at: START_MS, text: '清淤完成, "七成"', percent: 70 },
    ]);
    await store.close();

    const out = path.join(tmp, 'ledger.csv');
    const run = await cli(['export', '--format', 'csv', '--out', out], { DATA_DIR: dir, TZ: 'Asia/Shanghai' });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, `数据目录：${dir}\n`);
    const bytes = await readFile(out);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const records = parseCsv(bytes.toString('utf8').slice(1));
    assert.equal(records.length, 54);
    const [header, ...rows] = records;
    for (const column of ['序号', '类别', '问题', '整改进度', '最新进展', '更新时间'])
      assert.ok(header!.includes(column), column);
    const col = (name: string) => header!.indexOf(name);
    assert.deepEqual(
      rows.map((r) => Number(r[col('序号')])),
      Array.from({ length: 53 }, (_, i) => i + 1),
    );
    const statuses = rows.map((r) => r[col('整改进度')]);
    assert.equal(statuses.filter((s) => s === '已完成整改').length, 26);
    assert.equal(statuses.filter((s) => s === '阶段性完成并需长期坚持').length, 27);
    const row20 = rows[19]!;
    assert.equal(row20[col('最新进展')], '清淤完成, "七成"');
    assert.equal(row20[col('更新时间')], '2026-11-27 10:00');
    assert.equal(rows[0]![col('最新进展')], '');
  });
});

describe('with the bot running', () => {
  test('chat prints the decrypted reply; import is refused; export still works', async () => {
    // The CLI stamps messages with the machine's time, so the bot must share that clock.
    const t = await startTestBot({ clock: new TestClock(Date.now()) });
    try {
      const env = testEnv(t.dataDir, t.api.url);
      const before = await dataSnapshot(t.dataDir);
      const [chat, refused, exported, forged, printed] = await Promise.all([
        cli(['chat', '--url', t.bot.url, '--user', 'zhangsan', '进度 20'], env),
        cli(['import', FULLWIDTH, '--replace'], env),
        cli(['export', '--format', 'csv', '--out', path.join(tmp, 'running.csv')], env),
        cli(['chat', '--url', t.bot.url, '--user', 'zhangsan', '进度 20'], { ...env, WECOM_TOKEN: 'othertoken' }),
        cli(['digest'], env),
      ]);
      assert.equal(printed.code, 0, printed.stderr);
      assert.match(printed.stdout, /^巡察整改周报 · /);
      assert.equal(printed.stderr, `数据目录：${t.dataDir}\n`);
      assert.equal(chat.code, 0, chat.stderr);
      assert.match(chat.stdout, /^【第20项】已完成整改\n类别：/);

      assert.equal(refused.code, 1);
      assert.match(refused.stderr, new RegExp(`正被另一个进程（pid ${process.pid}）使用`));
      assert.deepEqual(await dataSnapshot(t.dataDir), before);

      assert.equal(exported.code, 0, exported.stderr);
      assert.equal(parseCsv((await readFile(path.join(tmp, 'running.csv'), 'utf8')).slice(1)).length, 54);

      assert.equal(forged.code, 1);
      assert.match(forged.stderr, /机器人拒绝了这条消息（HTTP 403/);
      assert.doesNotMatch(forged.stderr, /othertoken/);
    } finally {
      await t.stop();
    }
  });

  test('chat finds the bot by PORT and HOST, from .env too; takes the callback URL or the base; a 404 is a wrong path', async () => {
    const t = await startTestBot({ clock: new TestClock(Date.now()) });
    try {
      const { hostname, port } = new URL(t.bot.url);
      const credentials = testEnv(t.dataDir, t.api.url);
      const service = path.join(tmp, 'chat-env');
      await mkdir(service, { recursive: true });
      await writeFile(
        path.join(service, '.env'),
        Object.entries({ ...credentials, PORT: port, HOST: '0.0.0.0' })
          .map(([k, v]) => `${k}=${v}`)
          .join('\n'),
      );
      const say = ['--user', 'zhangsan', '进度 20'];
      const [byEnv, byFile, byCallback, wrongPath] = await Promise.all([
        cli(['chat', ...say], { ...credentials, PORT: port, HOST: hostname }),
        cli(['chat', ...say], {}, service),
        cli(['chat', '--url', `${t.bot.url}/wecom/callback`, ...say], credentials),
        cli(['chat', '--url', `${t.bot.url}/wecom`, ...say], credentials),
      ]);
      for (const run of [byEnv, byFile, byCallback]) {
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /^【第20项】/);
      }
      assert.match(byFile.stderr, /配置：已读取 .*chat-env\/\.env/);
      assert.equal(wrongPath.code, 1);
      assert.match(wrongPath.stderr, /^地址不对（HTTP 404）：http:\S+\/wecom\/wecom\/callback 不是机器人的回调路径/);
      assert.doesNotMatch(wrongPath.stderr, /凭据/);
    } finally {
      await t.stop();
    }
  });

  test('chat with nothing listening says so', async () => {
    const run = await cli(['chat', '--url', 'http://127.0.0.1:9', '--user', 'a', '帮助'], {
      DATA_DIR: freshDir('chat-none'),
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /连不上 http:\/\/127\.0\.0\.1:9：机器人在运行吗/);
  });
});

test('mistakes get a message, not a stack trace: unknown subcommand, missing file, no ledger yet', async () => {
  const dataDir = freshDir('unknown');
  const [run, missingFile, noLedger] = await Promise.all([
    cli(['frobnicate'], { DATA_DIR: dataDir }),
    cli(['import', path.join(tmp, 'no-such-report.txt')], { DATA_DIR: dataDir }),
    cli(['export', '--format', 'csv', '--out', path.join(tmp, 'never.csv')], { DATA_DIR: dataDir }),
  ]);
  assert.equal(missingFile.code, 1);
  assert.match(missingFile.stderr, /^ENOENT: .*no-such-report\.txt'\n$/);
  assert.equal(noLedger.code, 1);
  assert.match(noLedger.stderr, /db\.json 不存在：还没有台账（先运行 npm start 或 npm run cli -- import）\n$/);
  assert.equal(existsSync(path.join(tmp, 'never.csv')), false);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^未知命令：frobnicate\n用法：npm run cli -- <命令>/);
  for (const sub of ['chat', 'import', 'export']) assert.match(run.stderr, new RegExp(`^  ${sub} `, 'm'));
  assert.equal((await readdir(tmp)).includes('unknown'), false);
});

describe('arguments', () => {
  const SUBCOMMANDS = ['chat', 'import', 'export', 'digest', 'reminders', 'chat-create'];

  test('every subcommand answers --help and -h alike: its usage, exit 0, nothing else done', async () => {
    const env = { DATA_DIR: freshDir('help') };
    const runs = await Promise.all(SUBCOMMANDS.flatMap((sub) => [cli([sub, '--help'], env), cli([sub, '-h'], env)]));
    SUBCOMMANDS.forEach((sub, i) => {
      const [long, short] = [runs[2 * i]!, runs[2 * i + 1]!];
      assert.equal(long.code, 0, `${sub}: ${long.stderr}`);
      assert.match(long.stdout, new RegExp(`^用法：npm run cli -- ${sub} `));
      assert.deepEqual(short, long, sub);
    });
    assert.equal(existsSync(env.DATA_DIR), false);
  });

  test('a wrong flag, a missing value or an unknown command is named, with the nearest one, usage and exit 2', async () => {
    const env = { DATA_DIR: freshDir('typos') };
    const cases: [string[], RegExp][] = [
      [['reminders', '--yaer', '2027'], /^未知参数：--yaer，是不是 --year？\n用法：npm run cli -- reminders /],
      [['chat', '--user'], /^--user 后面缺少值\n用法：npm run cli -- chat /],
      [['chat', '--user', '--url', 'http://x', 'hi'], /^--user 后面缺少值\n/],
      [['export', '--fromat', 'csv'], /^未知参数：--fromat，是不是 --format？\n/],
      [['digest', '--sned'], /^未知参数：--sned，是不是 --send？\n用法：npm run cli -- digest /],
      [['digest', '--send=yes'], /^--send 不带值\n/],
      [['digest', 'now'], /^多余的参数：now\n/],
      [['import', '--zzz'], /^未知参数：--zzz\n用法：npm run cli -- import /],
      [['exprot'], /^未知命令：exprot，是不是 export？\n用法：/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(args, env)));
    cases.forEach(([args, message], i) => {
      const run = runs[i]!;
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message, args.join(' '));
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    });
  });
});
