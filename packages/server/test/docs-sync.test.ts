import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { envNames } from '../src/config.ts';
import { operations } from '../src/protocols/cognito-idp/operations/index.ts';

// The README and the pages under docs/ are the user's reference: their tables must list exactly
// what the code does, and their links must lead somewhere.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const docsDir = path.join(root, 'docs');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const docPages = readdirSync(docsDir)
  .filter((name) => name.endsWith('.md'))
  .sort();
const markdownFiles = ['README.md', ...docPages.map((name) => `docs/${name}`)];

/** The text under `heading` (e.g. `## Errors`) in `file`, up to the next heading of level 2 or 3. */
function section(file: string, heading: string): string {
  const text = read(file);
  const start = text.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `${file} has a "${heading}" section`);
  const rest = text.slice(start + heading.length + 2);
  const end = rest.search(/\n#{2,3} /);
  return end >= 0 ? rest.slice(0, end) : rest;
}

/** Every operation row of the compatibility page: the Cognito operations and the extensions. */
function operationRows(): RegExpMatchArray[] {
  const tables = ['## Operations', '## Cognate extensions'].map((heading) =>
    section('docs/compatibility.md', heading),
  );
  return tables.flatMap((table) => [...table.matchAll(/^\| `(\w+)`\s*\| ([^|]+) \|/gm)]);
}

test('docs/compatibility.md lists exactly the operations the server speaks', () => {
  const listed = operationRows().map((m) => m[1]);
  assert.deepEqual([...listed].sort(), operations.map((o) => o.name).sort());
});

test('docs/compatibility.md caller column matches each operation authorization', () => {
  const words = { none: 'client id', accessToken: 'access token', sigv4: 'SigV4 (admin key)' };
  const callers = new Map(operationRows().map((m) => [m[1], m[2].trim()]));
  for (const op of operations) assert.equal(callers.get(op.name), words[op.auth], op.name);
});

test('docs/compatibility.md error list matches the domain errors', () => {
  const source = readFileSync(new URL('../src/services/errors.ts', import.meta.url), 'utf8');
  const defined = [...source.matchAll(/defineError\(\s*'(\w+)'/g)].map((m) => m[1]).sort();
  const listed = [...section('docs/compatibility.md', '## Errors').matchAll(/`(\w+)`/g)]
    .map((m) => m[1])
    .sort();
  assert.deepEqual(listed, defined);
});

test('docs/configuration.md table matches the config keys and environment variables', () => {
  const table = section('docs/configuration.md', '## Keys and environment variables');
  const rows = [...table.matchAll(/^\| `([\w.]+)`\s*\| `(\w+)`\s*\|/gm)];
  const listed = Object.fromEntries(rows.map((m) => [m[1], m[2]]));
  assert.deepEqual(listed, envNames);
});

test('every docs page has a title and is linked from the README', () => {
  const readme = read('README.md');
  for (const name of docPages) {
    assert.match(read(`docs/${name}`), /^# \S/, `docs/${name} starts with a "# " title`);
    assert.ok(readme.includes(`](docs/${name})`), `README.md links to docs/${name}`);
  }
});

test('every relative link in the README and the docs leads to a file that exists', () => {
  let checked = 0;
  for (const file of markdownFiles) {
    // Inline links, outside code spans and fenced blocks: [text](target) or [text](target "title").
    const text = read(file)
      .replace(/^```[^\n]*\n[\s\S]*?^```/gm, '')
      .replace(/`[^`\n]*`/g, '');
    for (const [, target] of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
      const local = decodeURIComponent(target.split('#')[0]);
      const resolved = path.resolve(path.dirname(path.join(root, file)), local);
      assert.ok(existsSync(resolved), `${file} links to ${target}, which does not exist`);
      checked++;
    }
  }
  assert.ok(checked > 0, 'the README and the docs have relative links');
});
