// The tls keys of the configuration: on by default, off from the environment, a flag or a file
// (`"tls": false` too), a certificate only with its key; and the https form of the address.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, httpsUrlOf, loadConfig } from '../../src/config.ts';

test('TLS is on by default, and COGNATE_TLS=off or a flag turns it off', () => {
  assert.deepEqual(loadConfig().tls, { enabled: true });
  assert.equal(loadConfig({ env: { COGNATE_TLS: 'off' } }).tls.enabled, false);
  assert.equal(loadConfig({ env: { COGNATE_TLS: '0' } }).tls.enabled, false);
  assert.equal(loadConfig({ env: { COGNATE_TLS: 'on' } }).tls.enabled, true);
  assert.equal(loadConfig({ flags: { 'tls.enabled': false } }).tls.enabled, false);
});

test('a config file turns TLS off with "tls": false, or names a certificate and key', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cognate-tls-config-'));
  try {
    const off = path.join(dir, 'off.json');
    writeFileSync(off, JSON.stringify({ tls: false }));
    assert.equal(loadConfig({ file: off }).tls.enabled, false);
    const own = path.join(dir, 'own.json');
    writeFileSync(own, JSON.stringify({ tls: { cert: 'c.pem', key: 'k.pem' } }));
    assert.deepEqual(loadConfig({ file: own }).tls, { enabled: true, cert: 'c.pem', key: 'k.pem' });
    // The environment wins over the file.
    const env = { COGNATE_TLS_CERT: 'env.pem', COGNATE_TLS_KEY: 'env.key' };
    assert.equal(loadConfig({ file: own, env }).tls.cert, 'env.pem');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a certificate without its key, or a key without its certificate, names the key', () => {
  assert.throws(
    () => loadConfig({ env: { COGNATE_TLS_CERT: 'c.pem' } }),
    (err) =>
      err instanceof ConfigError &&
      /invalid config key "tls\.cert" \(env COGNATE_TLS_CERT\): .*give both or neither/.test(
        err.message,
      ),
  );
  assert.throws(() => loadConfig({ env: { COGNATE_TLS_KEY: 'k.pem' } }), ConfigError);
  assert.throws(() => loadConfig({ env: { COGNATE_TLS: 'maybe' } }), /"tls\.enabled"/);
});

test('the https form of the address: localhost on a loopback or wildcard bind, else the host', () => {
  const base = loadConfig();
  assert.equal(httpsUrlOf(base, 9229), 'https://localhost:9229');
  assert.equal(httpsUrlOf({ ...base, host: '0.0.0.0' }, 9229), 'https://localhost:9229');
  assert.equal(httpsUrlOf({ ...base, host: '10.0.0.5' }, 443), 'https://10.0.0.5:443');
  assert.equal(httpsUrlOf({ ...base, host: 'fd00::5' }, 9229), 'https://[fd00::5]:9229');
  assert.equal(
    httpsUrlOf({ ...base, publicUrl: 'https://auth.example.com/' }, 9229),
    'https://auth.example.com',
  );
  assert.equal(httpsUrlOf({ ...base, tls: { enabled: false } }, 9229), undefined);
});
