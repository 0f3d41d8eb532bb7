import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { advanceClock } from '@cognate/server/testing';
import express from 'express';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { createVerifier, expressSigv4, fastifySigv4, type Verifier } from '../src/index.ts';
import { type Fixture, type Outgoing, send, sign, startFixture } from './support.ts';

// The verifier middleware in a Fastify app and an Express app the test starts, with credentials
// from a real Cognate server (GetId + GetCredentialsForIdentity for a guest whose role allows its
// own notes), checked offline (shared credentials key, policies fetched from the server) and
// online (CognateVerifyRequest).

let f: Fixture;
const verifiers: Record<string, Verifier> = {};
const lazy = (mode: 'offline' | 'online'): Verifier => ({
  mode,
  verify: (req) => verifiers[mode].verify(req),
});
let fastify: FastifyInstance;
let expressServer: ReturnType<ReturnType<typeof express>['listen']>;
const ports: Record<string, number> = {};

const action = (method: string) => (method === 'GET' ? 'notes:GetNote' : 'notes:PutNote');
const resource = (params: { owner?: string; id?: string }) =>
  `arn:aws:notes:::note/${params.owner}/${params.id}`;

before(async () => {
  f = await startFixture();

  fastify = Fastify();
  for (const mode of ['offline', 'online'] as const) {
    fastify.register(
      async (scope) => {
        scope.register(
          fastifySigv4({
            verifier: lazy(mode),
            action: (req) => action(req.method),
            resource: (req: FastifyRequest) =>
              resource(req.params as { owner: string; id: string }),
          }),
        );
        scope.get('/notes/:owner/:id', async (req) => ({
          identityId: req.cognate?.identityId,
          roleArn: req.cognate?.roleArn,
        }));
        scope.put('/notes/:owner/:id', async (req) => ({
          identityId: req.cognate?.identityId,
          body: req.body,
        }));
      },
      { prefix: `/${mode}` },
    );
  }
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  ports.fastify = (fastify.server.address() as AddressInfo).port;

  const app = express();
  for (const mode of ['offline', 'online'] as const) {
    const router = express.Router();
    const guard = expressSigv4({
      verifier: lazy(mode),
      action: (req) => action(req.method),
      resource: (req) => resource(req.params),
    });
    router.get('/notes/:owner/:id', guard, (req, res) => {
      res.json({ identityId: req.cognate?.identityId, roleArn: req.cognate?.roleArn });
    });
    router.put('/notes/:owner/:id', guard, (req, res) => {
      res.json({ identityId: req.cognate?.identityId, body: JSON.parse(String(req.body)) });
    });
    app.use(`/${mode}`, router);
  }
  await new Promise<void>((resolve) => {
    expressServer = app.listen(0, '127.0.0.1', () => resolve());
  });
  ports.express = (expressServer.address() as AddressInfo).port;

  const hosts = Object.values(ports).map((port) => `127.0.0.1:${port}`);
  verifiers.offline = createVerifier({
    credentialsKey: f.credentialsKey,
    endpoint: f.t.url,
    adminCredentials: f.admin,
    hosts,
    now: () => f.t.clock.now(),
  });
  verifiers.online = createVerifier({
    endpoint: f.t.url,
    adminCredentials: f.admin,
    hosts,
    now: () => f.t.clock.now(),
  });
});

after(async () => {
  await fastify?.close();
  await new Promise((resolve) => expressServer?.close(resolve));
  await f?.close();
});

for (const framework of ['fastify', 'express'] as const) {
  for (const mode of ['offline', 'online'] as const) {
    describe(`${framework}, ${mode}`, () => {
      const host = () => `127.0.0.1:${ports[framework]}`;
      const call = async (
        req: Outgoing,
        opts: { creds?: Fixture['creds']; signHost?: string; date?: Date; sendBody?: string } = {},
      ) => {
        const full = { ...req, path: `/${mode}${req.path}` };
        const headers = await sign(opts.creds ?? f.creds, opts.signHost ?? host(), full, {
          date: opts.date ?? new Date(f.t.clock.now()),
        });
        return send(ports[framework], { ...full, body: opts.sendBody ?? req.body }, headers);
      };
      const own = () => `/notes/${encodeURIComponent(f.identityId)}/n1`;

      test('a request the role allows reaches the route with the caller', async () => {
        const res = await call({ method: 'GET', path: own() });
        assert.equal(res.status, 200, JSON.stringify(res.json));
        assert.equal(res.json.identityId, f.identityId);
        assert.equal(res.json.roleArn, f.roleArn);
      });

      test('the body is signed and still reaches the route', async () => {
        const body = JSON.stringify({ text: 'hello' });
        const res = await call({
          method: 'PUT',
          path: own(),
          body,
          headers: { 'content-type': 'application/json' },
        });
        assert.equal(res.status, 200, JSON.stringify(res.json));
        assert.deepEqual(res.json.body, { text: 'hello' });
      });

      test("another identity's note is denied by the policy (403 AccessDenied)", async () => {
        const other = await call({ method: 'GET', path: '/notes/us-east-1:someone-else/n1' });
        assert.equal(other.status, 403);
        assert.equal(other.json.code, 'AccessDenied');
        const secret = await call({
          method: 'GET',
          path: `/notes/${encodeURIComponent(f.identityId)}/secret`,
        });
        assert.equal(secret.status, 403, 'an explicit Deny wins over the Allow');
        assert.equal(secret.json.code, 'AccessDenied');
      });

      test('a tampered body or session token is refused (401)', async () => {
        const body = JSON.stringify({ text: 'hello' });
        const tampered = await call(
          { method: 'PUT', path: own(), body, headers: { 'content-type': 'application/json' } },
          { sendBody: JSON.stringify({ text: 'HELLO' }) },
        );
        assert.equal(tampered.status, 401);
        assert.equal(tampered.json.code, 'SignatureDoesNotMatch');

        const [payload, mac] = f.creds.sessionToken.split('.');
        const forged = Buffer.from(payload, 'base64url')
          .toString('utf8')
          .replace(f.identityId, 'us-east-1:00000000-0000-0000-0000-000000000000');
        const token = `${Buffer.from(forged).toString('base64url')}.${mac}`;
        const res = await call(
          { method: 'GET', path: own() },
          { creds: { ...f.creds, sessionToken: token } },
        );
        assert.equal(res.status, 401);
        assert.equal(res.json.code, 'InvalidClientTokenId');

        const wrongSecret = await call(
          { method: 'GET', path: own() },
          { creds: { ...f.creds, secretAccessKey: `${f.creds.secretAccessKey.slice(1)}x` } },
        );
        assert.equal(wrongSecret.status, 401);
        assert.equal(wrongSecret.json.code, 'SignatureDoesNotMatch');
      });

      test('a request signed for another host is refused', async () => {
        const res = await call({ method: 'GET', path: own() }, { signHost: 'notes.example.com' });
        assert.equal(res.status, 401);
        assert.equal(res.json.code, 'SignatureDoesNotMatch');
        assert.match(String(res.json.message), /host 'notes\.example\.com'/);
      });

      test('an unsigned request is refused', async () => {
        const res = await send(ports[framework], { method: 'GET', path: `/${mode}${own()}` }, {});
        assert.equal(res.status, 401);
        assert.equal(res.json.code, 'MissingAuthenticationToken');
      });
    });
  }
}

test('credentials past their expiry are refused (ExpiredToken), offline and online', async () => {
  const hours = 2 * 3600_000;
  advanceClock(f.t, hours);
  try {
    for (const framework of ['fastify', 'express'])
      for (const mode of ['offline', 'online']) {
        const req = {
          method: 'GET',
          path: `/${mode}/notes/${encodeURIComponent(f.identityId)}/n1`,
        };
        const headers = await sign(f.creds, `127.0.0.1:${ports[framework]}`, req, {
          date: new Date(f.t.clock.now()),
        });
        const res = await send(ports[framework], req, headers);
        assert.equal(res.status, 401, `${framework} ${mode}: ${JSON.stringify(res.json)}`);
        assert.equal(res.json.code, 'ExpiredToken', `${framework} ${mode}`);
      }
  } finally {
    advanceClock(f.t, -hours);
  }
});
