import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

/** Each folder may import only from the folders listed for it (and itself); README "Architecture" draws them. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  text: [],
  ledger: ['text'],
  reply: ['text'],
  import: ['text', 'ledger'],
  people: ['text', 'ledger', 'import'],
  outbox: ['text', 'ledger', 'reply', 'wecom'],
  storage: ['text', 'ledger', 'outbox', 'import'],
  wecom: ['text', 'reply', 'bot', 'storage'],
};

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from '(\.[^']+)'/g)].map((m) => path.resolve(path.dirname(file), m[1]!));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

test('no module imports uphill', () => {
  const uphill: string[] = [];
  for (const [layer, allowed] of Object.entries(MAY_IMPORT)) {
    for (const file of filesUnder(path.join(SRC, layer))) {
      for (const target of importsOf(file)) {
        const top = path.relative(SRC, target).split(path.sep)[0]!;
        if (top !== layer && !allowed.includes(top) && !top.endsWith('.js'))
          uphill.push(`${path.relative(SRC, file)} → ${path.relative(SRC, target)}`);
      }
    }
  }
  assert.deepEqual(uphill, []);
});

test('the CLI builds its parts without the bot’s composition root', () => {
  const cli = [path.join(SRC, 'cli.ts'), ...filesUnder(path.join(SRC, 'cli'))];
  const offenders = cli.filter((file) => importsOf(file).some((t) => t.endsWith(`${path.sep}startBot.js`)));
  assert.deepEqual(offenders, []);
});
