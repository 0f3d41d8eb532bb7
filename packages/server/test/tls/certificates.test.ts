// Which certificate https presents: the development certificate made once and kept across
// restarts, made again when it has expired, a configured certificate and key instead, a custom
// domain's own by SNI; and none at all with TLS turned off.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import pino from 'pino';
import { generate } from 'selfsigned';
import { acceptTls } from '../../src/protocols/http/tls.ts';
import { makeDevCertificate } from '../../src/protocols/http/tls-dev-cert.ts';
import { createTestDatabase, startTestServer } from '../support/index.ts';
import { httpsGet, portOf } from './https.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'cognate-tls-'));
  dirs.push(d);
  return d;
}

/** A self-signed certificate for `name`, as files in a new folder. */
async function certificateFiles(name: string): Promise<{ cert: string; key: string }> {
  const dir = tempDir();
  const made = await generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: name }] }],
  });
  const files = { cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem') };
  writeFileSync(files.cert, made.cert);
  writeFileSync(files.key, made.private, { mode: 0o600 });
  return files;
}

const fingerprintOf = (file: string) => new X509Certificate(readFileSync(file)).fingerprint256;

// First in the file: the certificate library is not loaded yet, so making the certificate
// takes long enough for the reset to land meanwhile.
test('a client that resets while the first certificate is being made does not crash the server', async (t) => {
  const s = await startTestServer();
  t.after(() => s.close());
  const port = portOf(s.url);
  await new Promise<void>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      // The server has sniffed the handshake byte and is making the certificate when the
      // reset comes.
      socket.write(Buffer.from([0x16, 3, 1, 0, 200, 1]), () => {
        setTimeout(() => {
          socket.resetAndDestroy();
          resolve();
        }, 20);
      });
    });
  });
  const res = await httpsGet(`https://localhost:${port}/health`);
  assert.equal(res.status, 200);
  assert.equal((await fetch(`${s.url}/health`)).status, 200);
});

test('the development certificate is reused by the next start on the same data', async (t) => {
  const dataDir = tempDir();
  const database = await createTestDatabase();
  t.after(() => database.drop());
  const first = await startTestServer({ dataDir, database: database.url });
  const before = await httpsGet(`https://localhost:${portOf(first.url)}/health`);
  await first.close();
  const certFile = path.join(dataDir, 'tls', 'localhost.crt');
  assert.equal(before.cert.fingerprint256, fingerprintOf(certFile));

  const second = await startTestServer({ dataDir, database: database.url });
  t.after(() => second.close());
  const again = await httpsGet(`https://localhost:${portOf(second.url)}/health`, {
    ca: readFileSync(certFile),
  });
  assert.equal(again.status, 200);
  assert.equal(again.cert.fingerprint256, before.cert.fingerprint256, 'the same certificate');
});

test('an expired development certificate is made again', async (t) => {
  const dataDir = tempDir();
  const tlsDir = path.join(dataDir, 'tls');
  mkdirSync(tlsDir, { recursive: true });
  const old = await makeDevCertificate(new Date(Date.now() - 400 * 24 * 3600_000), 30);
  writeFileSync(path.join(tlsDir, 'localhost.crt'), old.cert);
  writeFileSync(path.join(tlsDir, 'localhost.key'), old.key, { mode: 0o600 });
  const oldFingerprint = new X509Certificate(old.cert).fingerprint256;

  const s = await startTestServer({ dataDir });
  t.after(() => s.close());
  const res = await httpsGet(`https://localhost:${portOf(s.url)}/health`);
  assert.equal(res.status, 200);
  assert.notEqual(res.cert.fingerprint256, oldFingerprint);
  const now = new X509Certificate(readFileSync(path.join(tlsDir, 'localhost.crt')));
  assert.equal(now.fingerprint256, res.cert.fingerprint256, 'the new one replaced the file');
  assert.ok(Date.parse(now.validTo) > Date.now());
});

test('a configured certificate and key are served, and no development certificate is made', async (t) => {
  const files = await certificateFiles('cognate.test');
  const s = await startTestServer({ config: { tls: { enabled: true, ...files } } });
  t.after(() => s.close());
  const res = await httpsGet(`https://127.0.0.1:${portOf(s.url)}/health`, {
    ca: readFileSync(files.cert),
    servername: 'cognate.test',
  });
  assert.equal(res.status, 200);
  assert.equal(res.cert.fingerprint256, fingerprintOf(files.cert));
  assert.equal(existsSync(path.join(s.dataDir, 'tls')), false);
});

test('a configured key that does not fit its certificate stops the start with a clear error', async () => {
  const a = await certificateFiles('a.test');
  const b = await certificateFiles('b.test');
  await assert.rejects(
    startTestServer({ config: { tls: { enabled: true, cert: a.cert, key: b.key } } }),
    /TLS certificate .* cannot be used/,
  );
  await assert.rejects(
    startTestServer({ config: { tls: { enabled: true, cert: a.cert, key: `${a.key}.missing` } } }),
    /cannot read the TLS certificate or key/,
  );
});

test('with TLS off the port speaks plain HTTP only', async (t) => {
  const s = await startTestServer({ config: { tls: { enabled: false } } });
  t.after(() => s.close());
  assert.equal(s.server.httpsUrl, undefined);
  assert.equal((await fetch(`${s.url}/health`)).status, 200);
  await assert.rejects(httpsGet(`https://localhost:${portOf(s.url)}/health`));
  assert.equal(existsSync(path.join(s.dataDir, 'tls')), false);
});

test("a custom domain's certificate is served to clients that name its host (SNI)", async (t) => {
  const own = await certificateFiles('auth.example.test');
  const s = await startTestServer({ config: { customDomainCerts: { 'auth.example.test': own } } });
  t.after(() => s.close());
  const port = portOf(s.url);
  const custom = await httpsGet(`https://127.0.0.1:${port}/health`, {
    ca: readFileSync(own.cert),
    servername: 'auth.example.test',
  });
  assert.equal(custom.status, 200);
  assert.equal(custom.cert.fingerprint256, fingerprintOf(own.cert));
  const local = await httpsGet(`https://localhost:${port}/health`);
  assert.equal(
    local.cert.fingerprint256,
    fingerprintOf(path.join(s.dataDir, 'tls', 'localhost.crt')),
  );
});

test('a server name with a certificate of its own gets it (SNI); any other name the default', async (t) => {
  const own = await certificateFiles('auth.example.test');
  const fallback = await makeDevCertificate(new Date());
  const server = createServer((_req, res) => res.end('ok'));
  acceptTls(
    server,
    {
      defaultCertificate: async () => fallback,
      certificateFor: (name) =>
        name === 'auth.example.test'
          ? { cert: readFileSync(own.cert), key: readFileSync(own.key) }
          : undefined,
    },
    pino({ level: 'silent' }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;

  const custom = await httpsGet(`https://127.0.0.1:${port}/`, {
    ca: readFileSync(own.cert),
    servername: 'auth.example.test',
  });
  assert.equal(custom.body, 'ok');
  assert.equal(custom.cert.fingerprint256, fingerprintOf(own.cert));
  const other = await httpsGet(`https://localhost:${port}/`, { ca: fallback.cert });
  assert.equal(other.cert.fingerprint256, new X509Certificate(fallback.cert).fingerprint256);
  const plain = await fetch(`http://127.0.0.1:${port}/`);
  assert.equal(await plain.text(), 'ok');
});
