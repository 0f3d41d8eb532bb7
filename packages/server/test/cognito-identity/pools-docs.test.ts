import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { identityOperations } from '../../src/protocols/cognito-identity/operations/index.ts';

// The compatibility page's Cognito Identity table names every operation the server speaks on
// that API, with who may call it.
const page = readFileSync(new URL('../../../../docs/compatibility.md', import.meta.url), 'utf8');
const start = page.indexOf('\n## Cognito Identity API\n');
const rest = page.slice(start + 1);
const table = rest.slice(0, rest.slice(3).search(/\n## /) + 3);
const rows = new Map(
  [...table.matchAll(/^\| `(\w+)`\s*\| ([^|]+) \|/gm)].map((m) => [m[1], m[2].trim()]),
);

test('docs/compatibility.md lists every Cognito Identity operation with its caller', () => {
  assert.ok(start >= 0, 'a "## Cognito Identity API" section');
  const words = { none: 'unsigned', sigv4: 'SigV4 (admin key)', accessToken: 'access token' };
  for (const op of identityOperations) {
    assert.equal(rows.get(op.name), words[op.auth], `${op.name} in the Cognito Identity table`);
  }
});
