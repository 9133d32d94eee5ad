import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/bot/Command.js';
import { CommandRegistry } from '../../src/bot/CommandRegistry.js';

function command(name: string, aliases: string[] = []): Command {
  return { name, aliases, role: 'anyone', help: [`${name} —— 测试`], run: () => name };
}

describe('construction', () => {
  test('the shipped commands register without conflict', () => {
    assert.equal(new CommandRegistry(commands).commands.length, commands.length);
  });

  test('a word claimed twice is rejected, naming the word and both commands', () => {
    assert.throws(
      () => new CommandRegistry([command('进度'), command('进度')]),
      /命令词「进度」同时属于「进度」和「进度」/,
    );
    assert.throws(
      () => new CommandRegistry([command('查', ['搜索']), command('搜索')]),
      /命令词「搜索」同时属于「查」和「搜索」/,
    );
    assert.throws(
      () => new CommandRegistry([command('查', ['找']), command('寻', ['找'])]),
      /命令词「找」同时属于「查」和「寻」/,
    );
  });

  test('words that could never be typed as a command are rejected', () => {
    for (const word of ['', ' ', '查 询', '进度2']) {
      assert.throws(() => new CommandRegistry([command(word)]), /不能为空、含空白或数字/, JSON.stringify(word));
    }
  });
});

describe('matching', () => {
  const registry = new CommandRegistry([command('查'), command('查看', ['看']), command('进度')]);
  const matched = (text: string) => {
    const m = registry.match(text);
    return m && [m.command.name, m.args];
  };

  test('the longest word wins, whatever the registration order', () => {
    assert.deepEqual(matched('查看 5'), ['查看', '5']);
    assert.deepEqual(matched('查 5'), ['查', '5']);
    assert.deepEqual(matched('看 5'), ['查看', '5']);
  });

  test('a missing space, full-width separators and spaces are tolerated; args keep what was typed', () => {
    assert.deepEqual(matched('进度20'), ['进度', '20']);
    assert.deepEqual(matched('进度 ２０'), ['进度', '２０']);
    assert.deepEqual(matched('进度：20'), ['进度', '20']);
    assert.deepEqual(matched('　进度，２０　清淤，验收 '), ['进度', '２０ 清淤，验收']);
  });

  test('a full-width command word matches its half-width form', () => {
    const latin = new CommandRegistry([command('help')]);
    assert.equal(latin.match('ｈｅｌｐ')?.command.name, 'help');
  });

  test('compatibility ideographs and Kangxi radicals fold to the ideograph they stand for', () => {
    const registry = new CommandRegistry([command('金'), command('一览')]);
    assert.equal(registry.match('\uF90A 5')?.command.name, '金');
    assert.equal(registry.match('\u2F00览 全部')?.command.name, '一览');
    assert.equal(registry.match('金 5')?.command.name, '金');
  });

  test('a word that folding would change is rejected at registration', () => {
    assert.throws(() => new CommandRegistry([command('ｈｅｌｐ')]), /全角/);
  });

  test('text that starts with no command word matches nothing', () => {
    assert.equal(registry.match('你好'), undefined);
    assert.equal(registry.match(''), undefined);
    assert.equal(registry.match('20 进度'), undefined);
  });
});
