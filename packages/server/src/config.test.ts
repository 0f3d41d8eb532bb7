import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  ConfigError,
  defaults,
  describeStore,
  isLoopback,
  loadConfig,
  publicUrlOf,
} from './config.ts';

test('defaults apply when nothing is given', () => {
  assert.deepEqual(loadConfig(), defaults);
});

test('flags beat environment, environment beats the file', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cfg-')), 'c.json');
  writeFileSync(
    file,
    JSON.stringify({ port: 1000, host: '127.0.0.2', smtp: { host: 'file-mail' } }),
  );
  const config = loadConfig({
    file,
    env: { COGNATE_PORT: '2000', COGNATE_SMTP_PORT: '2525', COGNATE_DEV: '1' },
    flags: { port: '3000' },
  });
  assert.equal(config.port, 3000);
  assert.equal(config.host, '127.0.0.2');
  assert.equal(config.smtp.host, 'file-mail');
  assert.equal(config.smtp.port, 2525);
  assert.equal(config.smtp.from, defaults.smtp.from);
  assert.equal(config.dev, true);
});

test('a bad value names the key and its environment variable', () => {
  assert.throws(
    () => loadConfig({ env: { COGNATE_SMTP_PORT: '0' } }),
    (err: Error) =>
      err instanceof ConfigError && /"smtp\.port" \(env COGNATE_SMTP_PORT\)/.test(err.message),
  );
  assert.throws(() => loadConfig({ env: { COGNATE_REGION: 'mars' } }), /"region"/);
});

test('an unreadable config file is a clear error', () => {
  assert.throws(() => loadConfig({ file: '/nonexistent/cognate.json' }), /cannot read config file/);
});

test('loopback detection and public URL', () => {
  assert.ok(isLoopback('127.0.0.1'));
  assert.ok(isLoopback('::1'));
  assert.ok(!isLoopback('0.0.0.0'));
  assert.equal(publicUrlOf({ ...defaults }, 1234), 'http://127.0.0.1:1234');
  assert.equal(
    publicUrlOf({ ...defaults, publicUrl: 'https://auth.example.com/' }),
    'https://auth.example.com',
  );
});

test('database takes a PostgreSQL URL; anything else names the key', () => {
  assert.equal(loadConfig().database, undefined);
  for (const url of ['postgres://u:p@db:5432/cognate', 'postgresql://db/cognate']) {
    assert.equal(loadConfig({ env: { COGNATE_DATABASE_URL: url } }).database, url);
    assert.equal(loadConfig({ flags: { database: url } }).database, url);
  }
  for (const bad of ['mysql://db/cognate', 'cognate.sqlite', 'postgres://']) {
    assert.throws(
      () => loadConfig({ env: { COGNATE_DATABASE_URL: bad } }),
      (err: Error) =>
        err instanceof ConfigError &&
        /"database" \(env COGNATE_DATABASE_URL\): must be a postgres:\/\/ or postgresql:\/\//.test(
          err.message,
        ),
    );
  }
  assert.equal(
    describeStore({ dataDir: '/srv/cognate', database: 'postgres://app:hunter2@db:5432/cognate' }),
    'PostgreSQL postgres://app:***@db:5432/cognate',
  );
  assert.equal(describeStore({ dataDir: '/srv/cognate' }), 'SQLite /srv/cognate/cognate.sqlite');
});
