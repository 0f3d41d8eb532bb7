// What the console refuses, over real HTTP: calls without the session's CSRF token, calls from
// another origin (and CORS preflights), plain http on a non-loopback bind unless a trusted proxy
// says https; the Secure cookie over https; the admin secret never in the server's log.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import pino from 'pino';
import { defaults } from '../../src/config.ts';
import { startServer } from '../../src/server.ts';
import {
  createTestDatabase,
  PASSWORD,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';
import { type ApiAnswer, request, signInAdmin } from './console-api.ts';

/** A request over https to the server's own (development) certificate. */
function viaHttps(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = httpsRequest(
      url,
      {
        method,
        rejectUnauthorized: false,
        headers: { ...(data ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            for (const one of [v ?? []].flat()) h.append(k, String(one));
          }
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {}
          resolve({ status: res.statusCode ?? 0, headers: h, body: parsed, text });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function poolNames(t: TestServer): Promise<string[]> {
  const res = await t.admin.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  return (res.UserPools ?? []).map((p) => p.Name as string);
}

const corsHeaders = (a: ApiAnswer) =>
  [...a.headers.keys()].filter((k) => k.startsWith('access-control-'));

describe('console security on a loopback bind', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('a change without the CSRF header, or with another session’s token, is refused and nothing changes', async () => {
    const a = await signInAdmin(t);
    const b = await signInAdmin(t);
    for (const csrf of [null, '', b.csrfToken, `${a.csrfToken}x`]) {
      const name = unique('csrfpool');
      const answer = await a.idp('CreateUserPool', { PoolName: name }, { csrf });
      assert.equal(answer.status, 403, `csrf ${csrf}`);
      assert.equal(answer.body.__type, 'AccessDeniedException');
      assert.ok(!(await poolNames(t)).includes(name), 'the pool was not created');
    }
    const name = unique('okpool');
    const ok = await a.idp('CreateUserPool', { PoolName: name });
    assert.equal(ok.status, 200);
    assert.ok((await poolNames(t)).includes(name));
  });

  test('a request from another origin is refused before anything runs, with no CORS headers', async () => {
    const s = await signInAdmin(t);
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      // Another port of the same host is another origin (and the same site: cookies would go).
      { origin: 'http://127.0.0.1:1' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of foreign) {
      const name = unique('xpool');
      const answer = await s.call(
        'POST',
        'cognito-idp/CreateUserPool',
        { PoolName: name },
        {
          headers,
        },
      );
      assert.equal(answer.status, 403, JSON.stringify(headers));
      assert.equal(answer.body.__type, 'AccessDeniedException');
      assert.deepEqual(corsHeaders(answer), []);
      assert.ok(!(await poolNames(t)).includes(name));
      const read = await s.call('GET', 'sessions', undefined, { headers });
      assert.equal(read.status, 403);
      // Nor can another page sign anyone in (login CSRF).
      const signIn = await request(
        `${t.url}/console/api/session`,
        'POST',
        {
          accessKeyId: t.server.accessKey.accessKeyId,
          secretAccessKey: t.server.accessKey.secret,
        },
        headers,
      );
      assert.equal(signIn.status, 403);
      assert.equal(signIn.headers.get('set-cookie'), null);
    }
    // The console's own page: its origin, or a same-origin fetch.
    const own = await s.call('GET', 'session', undefined, {
      headers: { origin: t.url, 'sec-fetch-site': 'same-origin' },
    });
    assert.equal(own.status, 200);
    assert.deepEqual(corsHeaders(own), []);
  });

  test('no console route answers a CORS preflight or sends Access-Control-* headers', async () => {
    for (const url of [
      '/console/api/cognito-idp/CreateUserPool',
      '/console/api/session',
      '/console',
    ]) {
      const answer = await request(`${t.url}${url}`, 'OPTIONS', undefined, {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-cognate-csrf',
      });
      assert.ok(answer.status >= 400, `${url}: ${answer.status}`);
      assert.deepEqual(corsHeaders(answer), [], url);
    }
    const page = await request(`${t.url}/console`, 'GET');
    assert.deepEqual(corsHeaders(page), []);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
  });

  test('over https the session cookie is Secure', async () => {
    assert.ok(t.server.httpsUrl);
    const answer = await viaHttps(`${t.server.httpsUrl}/console/api/session`, 'POST', {
      accessKeyId: t.server.accessKey.accessKeyId,
      secretAccessKey: t.server.accessKey.secret,
    });
    assert.equal(answer.status, 200, answer.text);
    const cookie = answer.headers.get('set-cookie') ?? '';
    assert.match(cookie, /; Secure/);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Strict/);
  });
});

describe('console on a non-loopback bind', () => {
  let t: TestServer;
  let proxied: TestServer;
  before(async () => {
    t = await startTestServer({ config: { host: '0.0.0.0' } });
    proxied = await startTestServer({ config: { host: '0.0.0.0', consoleTrustProxy: true } });
  });
  after(async () => {
    await t.close();
    await proxied.close();
  });

  const pair = (s: TestServer) => ({
    accessKeyId: s.server.accessKey.accessKeyId,
    secretAccessKey: s.server.accessKey.secret,
  });

  test('plain http is refused for pages and API with a page saying how to enable it', async () => {
    const page = await request(`${t.url}/console`, 'GET');
    assert.equal(page.status, 403);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(page.text, /https/);
    assert.match(page.text, /COGNATE_CONSOLE_TRUST_PROXY/);
    const signIn = await request(`${t.url}/console/api/session`, 'POST', pair(t));
    assert.equal(signIn.status, 403);
    assert.equal(signIn.body.__type, 'AccessDeniedException');
    assert.equal(signIn.headers.get('set-cookie'), null);
    // Without the setting, a client's own X-Forwarded-Proto is not believed.
    const claimed = await request(`${t.url}/console/api/session`, 'POST', pair(t), {
      'x-forwarded-proto': 'https',
    });
    assert.equal(claimed.status, 403);
  });

  test('the same port over https serves it, with a Secure cookie', async () => {
    const answer = await viaHttps(`${t.server.httpsUrl}/console/api/session`, 'POST', pair(t));
    assert.equal(answer.status, 200, answer.text);
    assert.match(answer.headers.get('set-cookie') ?? '', /; Secure/);
  });

  test('with consoleTrustProxy, a proxy’s X-Forwarded-Proto: https is accepted (and only that)', async () => {
    const plain = await request(`${proxied.url}/console/api/session`, 'POST', pair(proxied));
    assert.equal(plain.status, 403);
    const answer = await request(`${proxied.url}/console/api/session`, 'POST', pair(proxied), {
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-host': 'auth.example.com',
      origin: 'https://auth.example.com',
    });
    assert.equal(answer.status, 200, answer.text);
    assert.match(answer.headers.get('set-cookie') ?? '', /; Secure/);
    const cookie = /cognate-console=[^;]*/.exec(answer.headers.get('set-cookie') ?? '')?.[0];
    const list = await request(`${proxied.url}/console/api/sessions`, 'GET', undefined, {
      cookie: cookie as string,
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '203.0.113.7',
    });
    assert.equal(list.status, 200);
    assert.equal(list.body.sessions[0].sourceIp, '203.0.113.7');
  });
});

test('the admin secret, the session token and the CSRF token never appear in the server log', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cognate-console-log-'));
  const db = await createTestDatabase();
  const server = await startServer(
    { ...defaults, port: 0, dataDir, database: db.url, logLevel: 'trace' },
    { log: pino({ level: 'trace' }, sink) },
  );
  try {
    const { accessKeyId, secret } = server.accessKey;
    const good = await request(`${server.url}/console/api/session`, 'POST', {
      accessKeyId,
      secretAccessKey: secret,
    });
    assert.equal(good.status, 200);
    const bad = await request(`${server.url}/console/api/session`, 'POST', {
      accessKeyId,
      secretAccessKey: `${secret}-typo`,
    });
    assert.equal(bad.status, 401);
    const unknownKey = await request(`${server.url}/console/api/session`, 'POST', {
      accessKeyId: secret,
      secretAccessKey: secret,
    });
    assert.equal(unknownKey.status, 401);
    const broken = await request(
      `${server.url}/console/api/session`,
      'POST',
      `{"secretAccessKey":"${secret}"`,
    );
    assert.equal(broken.status, 400);
    const cookie = /cognate-console=([^;]*)/.exec(good.headers.get('set-cookie') ?? '');
    assert.ok(cookie);
    const op = await request(
      `${server.url}/console/api/cognito-idp/AdminCreateUser`,
      'POST',
      { UserPoolId: 'us-east-1_nosuchpool', Username: 'x', TemporaryPassword: PASSWORD },
      { cookie: cookie[0], 'x-cognate-csrf': good.body.csrfToken },
    );
    assert.equal(op.status, 400);
    const log = lines.join('');
    assert.match(log, /console sign-in/, 'sign-ins are logged');
    assert.match(log, /console sign-in: wrong secret for /);
    assert.match(log, /console sign-in: unknown access key/);
    assert.ok(log.includes(accessKeyId), 'the key id is logged');
    assert.ok(!log.includes(secret), 'the secret is not');
    assert.ok(!log.includes(cookie[1]), 'the session token is not');
    assert.ok(!log.includes(good.body.csrfToken), 'the CSRF token is not');
    assert.ok(!log.includes(PASSWORD), 'operation inputs are not');
  } finally {
    await server.close();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
