import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { envNames } from '../src/config.ts';
import { operations } from '../src/protocols/cognito-idp/operations/index.ts';

// The README's tables are the user's reference: they must list exactly what the code does.
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`\n${title}\n`);
  assert.ok(start >= 0, `README has a "${title}" section`);
  const rest = readme.slice(start + title.length + 2);
  const end = rest.search(/\n#{2,3} /);
  return end >= 0 ? rest.slice(0, end) : rest;
}

test('README compatibility table lists exactly the operations the server speaks', () => {
  const listed = [...section('## Compatibility').matchAll(/^\| `(\w+)`\s*\|/gm)].map((m) => m[1]);
  assert.deepEqual([...listed].sort(), operations.map((o) => o.name).sort());
});

test('README caller column matches each operation authorization', () => {
  const words = { none: 'client id', accessToken: 'access token', sigv4: 'SigV4 (admin key)' };
  for (const op of operations) {
    const row = new RegExp(`^\\| \`${op.name}\`\\s*\\| ([^|]+) \\|`, 'm').exec(readme);
    assert.equal(row?.[1].trim(), words[op.auth], op.name);
  }
});

test('README error list matches the domain errors', () => {
  const source = readFileSync(new URL('../src/services/errors.ts', import.meta.url), 'utf8');
  const defined = [...source.matchAll(/defineError\(\s*'(\w+)'/g)].map((m) => m[1]).sort();
  const listed = [...section('### Errors').matchAll(/`(\w+)`/g)].map((m) => m[1]).sort();
  assert.deepEqual(listed, defined);
});

test('README configuration table matches the config keys and environment variables', () => {
  const rows = [...section('## Configuration').matchAll(/^\| `([\w.]+)`\s*\| `(\w+)`\s*\|/gm)];
  const listed = Object.fromEntries(rows.map((m) => [m[1], m[2]]));
  assert.deepEqual(listed, envNames);
});
