// Finding 4 (issue 18): the dev outbox shows every user's codes, so it answers only requests made
// on this machine and not forwarded by a proxy, with a loopback Host, never with CORS headers; and
// it can be turned off, codes then not kept at all.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  createClient,
  emailPool,
  PASSWORD,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

async function emailClient(t: TestServer): Promise<string> {
  const pool = await emailPool(t);
  return (await createClient(t, pool.Id)).ClientId as string;
}

/** A GET over plain node:http, so any Host and header can be sent. */
function get(
  port: number,
  path: string,
  headers: http.OutgoingHttpHeaders = {},
  method = 'GET',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A reverse proxy on this host, as nginx or Caddy would be: forwards to `target` and, like them,
 * says whom it forwards for (`xff`) or keeps the client's Host (`keepHost`).
 */
async function startProxy(target: number, opts: { xff?: boolean; keepHost?: boolean }) {
  const server = http.createServer((req, res) => {
    const headers = { ...req.headers };
    if (opts.xff) headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    if (!opts.keepHost) headers.host = `127.0.0.1:${target}`;
    const upstream = http.request(
      { host: '127.0.0.1', port: target, path: req.url, method: req.method, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let t: TestServer;
let port: number;
let email: string;
before(async () => {
  t = await startTestServer();
  port = Number(new URL(t.url).port);
  const clientId = await emailClient(t);
  email = `${unique('victim')}@example.com`;
  await t.anon.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: PASSWORD }));
});
after(() => t.close());

const path = () => `/_dev/outbox?username=${encodeURIComponent(email)}`;

test('the outbox answers a direct local request, without CORS headers', async () => {
  const res = await get(port, path(), { host: `127.0.0.1:${port}` });
  assert.equal(res.status, 200);
  assert.match(JSON.parse(res.body).messages[0].code, /^\d{6}$/);
  assert.equal(res.headers['access-control-allow-origin'], undefined);
  const viaLocalhost = await get(port, path(), { host: `localhost:${port}` });
  assert.equal(viaLocalhost.status, 200);
});

test('through a reverse proxy on the same host, the outbox is not there', async () => {
  for (const opts of [{ xff: true }, { keepHost: true }, { xff: true, keepHost: true }]) {
    const proxy = await startProxy(port, opts);
    try {
      const host = opts.keepHost ? { host: 'auth.example.com' } : {};
      const res = await get(proxy.port, path(), host);
      assert.equal(res.status, 404, JSON.stringify(opts));
      assert.doesNotMatch(res.body, /\d{6}/);
      // The API itself still works through the proxy.
      const health = await get(proxy.port, '/health', host);
      assert.equal(health.status, 200);
    } finally {
      await proxy.close();
    }
  }
});

test('forwarding headers or a foreign Host sent directly are refused too', async () => {
  for (const headers of [
    { 'x-forwarded-for': '203.0.113.9' },
    { forwarded: 'for=203.0.113.9' },
    { 'x-real-ip': '203.0.113.9' },
    { 'x-forwarded-host': 'auth.example.com' },
    { host: 'auth.example.com' },
    { host: 'rebound.evil.example:9229' },
  ]) {
    const res = await get(port, path(), { host: `127.0.0.1:${port}`, ...headers });
    assert.equal(res.status, 404, JSON.stringify(headers));
  }
});

test('a web page cannot read it: no ACAO on the answer nor on a preflight', async () => {
  const cross = await get(port, path(), {
    host: `127.0.0.1:${port}`,
    origin: 'http://evil.example',
  });
  assert.equal(cross.headers['access-control-allow-origin'], undefined);
  assert.equal(cross.status, 404);
  const preflight = await get(
    port,
    path(),
    {
      host: `127.0.0.1:${port}`,
      origin: 'http://evil.example',
      'access-control-request-method': 'GET',
    },
    'OPTIONS',
  );
  assert.equal(preflight.headers['access-control-allow-origin'], undefined);
});

test('devOutbox off: not served, and stored messages keep no code', async () => {
  const off = await startTestServer({ config: { devOutbox: false } });
  try {
    const offPort = Number(new URL(off.url).port);
    const clientId = await emailClient(off);
    const to = `${unique('u')}@example.com`;
    await off.anon.send(
      new SignUpCommand({ ClientId: clientId, Username: to, Password: PASSWORD }),
    );
    const res = await get(offPort, `/_dev/outbox?username=${encodeURIComponent(to)}`, {
      host: `127.0.0.1:${offPort}`,
    });
    assert.equal(res.status, 404);
    const rows = await off.server.db.selectFrom('outbox').selectAll().execute();
    assert.ok(rows.length > 0);
    for (const row of rows) {
      assert.equal(row.code, null);
      assert.doesNotMatch(row.body, /\d{6}/);
    }
  } finally {
    await off.close();
  }
});
