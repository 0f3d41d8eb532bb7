// One port, two protocols: the server answers http:// and https:// on the same port (the first
// byte of a connection tells them apart), with a self-signed development certificate for
// localhost made on the first https connection; bytes that are neither do it no harm.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { Agent } from 'node:https';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../support/index.ts';
import { httpsGet, portOf, rawExchange } from './https.ts';

describe('http and https on one port', () => {
  let t: TestServer;
  let port: number;
  const tlsDir = () => path.join(t.dataDir, 'tls');

  before(async () => {
    t = await startTestServer();
    port = portOf(t.url);
  });
  after(() => t?.close());

  test('the start makes no certificate; the first https connection does, for localhost', async () => {
    assert.equal(existsSync(tlsDir()), false, 'nothing is made before https is used');
    assert.equal(t.server.httpsUrl, `https://localhost:${port}`);

    const plain = await fetch(`${t.url}/health`);
    assert.deepEqual(await plain.json(), { status: 'ok' });
    const secure = await httpsGet(`https://localhost:${port}/health`);
    assert.equal(secure.status, 200);
    assert.deepEqual(JSON.parse(secure.body), { status: 'ok' });

    const certFile = path.join(tlsDir(), 'localhost.crt');
    const keyFile = path.join(tlsDir(), 'localhost.key');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'only the owner reads the key');
    const cert = new X509Certificate(readFileSync(certFile));
    assert.equal(secure.cert.fingerprint256, cert.fingerprint256, 'the file is what is served');
    assert.match(cert.subjectAltName ?? '', /DNS:localhost/);
    assert.match(cert.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
    assert.match(cert.subjectAltName ?? '', /IP Address:0:0:0:0:0:0:0:1/);
    assert.ok(Date.parse(cert.validTo) > Date.now() + 365 * 24 * 3600_000, cert.validTo);
  });

  test('a client that trusts the development certificate verifies it, by name and by address', async () => {
    const ca = readFileSync(path.join(tlsDir(), 'localhost.crt'));
    const byName = await httpsGet(`https://localhost:${port}/health`, { ca });
    assert.equal(byName.status, 200);
    const byAddress = await httpsGet(`https://127.0.0.1:${port}/health`, { ca });
    assert.equal(byAddress.status, 200);
    await assert.rejects(
      httpsGet(`https://localhost:${port}/health`, { ca, servername: 'example.com' }),
      /ERR_TLS_CERT_ALTNAME_INVALID|altnames/,
      'the certificate names localhost only',
    );
  });

  test('the Cognito API answers over https too, and keep-alive works on both sides', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await httpsGet(`https://localhost:${port}/health`, { agent });
      const second = await httpsGet(`https://localhost:${port}/health`, { agent });
      assert.equal(first.reusedSocket, false);
      assert.equal(second.reusedSocket, true, 'the second request reuses the TLS connection');
    } finally {
      agent.destroy();
    }
    const pool = t.server.defaults?.pool.id as string;
    const jwks = await httpsGet(`https://localhost:${port}/${pool}/.well-known/jwks.json`);
    assert.equal(jwks.status, 200);
    assert.ok((JSON.parse(jwks.body) as { keys: unknown[] }).keys.length > 0);
  });

  test('garbage, a lone handshake byte, a broken handshake and silence do not hurt the server', async () => {
    const garbage = await rawExchange(port, Buffer.from('\x00\x01garbage\r\n\r\n', 'latin1'));
    assert.match(garbage, /^HTTP\/1\.1 400/, 'not TLS: HTTP refuses it as a bad request');
    const broken = await rawExchange(port, Buffer.from([0x16, 3, 1, 0, 5, 1, 2, 3, 4, 5, 6]));
    assert.ok(!broken.startsWith('HTTP'), 'a broken TLS handshake gets a TLS alert, not HTTP');
    await rawExchange(port, Buffer.from([0x16]), 200);
    await rawExchange(port, Buffer.alloc(0), 200);
    const health = await fetch(`${t.url}/health`);
    assert.equal(health.status, 200);
    const secure = await httpsGet(`https://localhost:${port}/health`);
    assert.equal(secure.status, 200);
  });
});
