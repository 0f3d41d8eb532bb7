import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { CreateIdentityPoolCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { rejects, startTestServer, type TestServer, unique } from '../support/index.ts';
import { identityClients } from './pools-clients.ts';

// An OpenID provider of OpenIdConnectProviderARNs: a small issuer this test serves, with its
// discovery document and JWKS, whose ID tokens GetId verifies.
let t: TestServer;
let c: ReturnType<typeof identityClients>;
let issuerServer: Server;
let issuer: string;
let name: string;
let identityPoolId: string;
let sign: (claims: Record<string, unknown>, kid?: string) => Promise<string>;
before(async () => {
  t = await startTestServer();
  c = identityClients(t);
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  issuerServer = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (req.url === '/jwks') res.end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
  name = `127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
  issuer = `http://${name}`;
  sign = (claims, kid = 'k1') => {
    const now = Math.floor(t.clock.now() / 1000);
    return new SignJWT({ iss: issuer, aud: 'app', iat: now, exp: now + 600, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid })
      .sign(privateKey);
  };
  identityPoolId = (
    await c.admin.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: unique('oidc'),
        AllowUnauthenticatedIdentities: false,
        OpenIdConnectProviderARNs: [`arn:aws:iam::123456789012:oidc-provider/${name}`],
      }),
    )
  ).IdentityPoolId as string;
});
after(async () => {
  c.destroy();
  await t.close();
  await new Promise((resolve) => issuerServer.close(resolve));
});

const getId = (token: string) =>
  c.anon.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: { [name]: token } }));

test("an OIDC provider's ID token gives one identity per subject", async () => {
  const a = await getId(await sign({ sub: 'alice' }));
  const again = await getId(await sign({ sub: 'alice' }));
  const b = await getId(await sign({ sub: 'bob' }));
  assert.ok(a.IdentityId);
  assert.equal(again.IdentityId, a.IdentityId);
  assert.notEqual(b.IdentityId, a.IdentityId);
});

test("a token the issuer's keys do not verify, of another issuer, or expired is refused", async () => {
  const good = await sign({ sub: 'carol' });
  const [h, p] = good.split('.');
  await rejects(
    getId(`${h}.${p}.${Buffer.from('forged').toString('base64url')}`),
    'NotAuthorizedException',
    "Invalid login token. Couldn't verify signed token.",
  );
  await rejects(
    getId(await sign({ sub: 'carol', iss: 'https://elsewhere.example' })),
    'NotAuthorizedException',
    "Invalid login token. Issuer doesn't match providerName",
  );
  const now = Math.floor(t.clock.now() / 1000);
  await rejects(
    getId(await sign({ sub: 'carol', exp: now - 10 })),
    'NotAuthorizedException',
    /^Invalid login token\. Token expired/,
  );
});
