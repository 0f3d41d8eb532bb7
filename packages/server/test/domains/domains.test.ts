import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateUserPoolDomainCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createPool, rejects, startTestServer, type TestServer } from '../support/index.ts';

let t: TestServer;
let n = 0;
/** A prefix no other test (nor an earlier run on a shared database) has taken. */
const prefix = (name: string) => `${name}-${process.pid}-${Date.now().toString(36)}-${n++}`;

before(async () => {
  t = await startTestServer();
});
after(() => t.close());

test('CreateUserPoolDomain makes a prefix domain; DescribeUserPoolDomain and DescribeUserPool show it', async () => {
  const pool = await createPool(t);
  const domain = prefix('app');
  const created = await t.admin.send(
    new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }),
  );
  assert.equal(created.ManagedLoginVersion, 1);
  assert.equal(created.CloudFrontDomain, undefined);

  const { DomainDescription: d } = await t.admin.send(
    new DescribeUserPoolDomainCommand({ Domain: domain }),
  );
  assert.equal(d?.UserPoolId, pool.Id);
  assert.equal(d?.Domain, domain);
  assert.equal(d?.Status, 'ACTIVE');
  assert.equal(d?.AWSAccountId, '000000000000');
  assert.equal(d?.ManagedLoginVersion, 1);
  assert.equal(d?.CustomDomainConfig, undefined);
  assert.ok(d?.Version);

  const described = await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
  assert.equal(described.UserPool?.Domain, domain);
  assert.equal(described.UserPool?.CustomDomain, undefined);
});

test('an unknown domain is an empty description', async () => {
  const res = await t.admin.send(new DescribeUserPoolDomainCommand({ Domain: prefix('none') }));
  assert.deepEqual(res.DomainDescription, {});
});

test('the discovery document lists the endpoints of the pool domain, none without one', async () => {
  const pool = await createPool(t);
  const url = `${t.url}/${pool.Id}/.well-known/openid-configuration`;
  const before = await (await fetch(url)).json();
  assert.equal(before.issuer, `${t.url}/${pool.Id}`);
  assert.equal(before.jwks_uri, `${t.url}/${pool.Id}/.well-known/jwks.json`);
  for (const key of [
    'authorization_endpoint',
    'token_endpoint',
    'userinfo_endpoint',
    'revocation_endpoint',
    'end_session_endpoint',
  ]) {
    assert.equal(key in before, false, key);
  }

  const domain = prefix('disco');
  await t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
  const doc = await (await fetch(url)).json();
  const base = `${t.url}/domains/${domain}`;
  assert.equal(doc.issuer, `${t.url}/${pool.Id}`);
  assert.equal(doc.jwks_uri, `${t.url}/${pool.Id}/.well-known/jwks.json`);
  assert.equal(doc.authorization_endpoint, `${base}/oauth2/authorize`);
  assert.equal(doc.token_endpoint, `${base}/oauth2/token`);
  assert.equal(doc.userinfo_endpoint, `${base}/oauth2/userInfo`);
  assert.equal(doc.revocation_endpoint, `${base}/oauth2/revoke`);
  assert.equal('end_session_endpoint' in doc, false);
  assert.deepEqual(doc.response_types_supported, ['code', 'token']);

  await t.admin.send(new DeleteUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
  const after = await (await fetch(url)).json();
  assert.equal('authorization_endpoint' in after, false);
});

test('prefix rules: lower-case letters, digits and inner hyphens; no reserved words', async () => {
  const pool = await createPool(t);
  const invalid =
    'The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. Please enter a different name that follows this format: ^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$';
  for (const bad of ['MyApp', '-app', 'app-', 'my_app', 'my.app', 'a'.repeat(64)]) {
    await rejects(
      t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: bad })),
      'InvalidParameterException',
      invalid,
    );
  }
  for (const [domain, word] of [
    ['my-aws-app', 'aws'],
    ['amazonshop', 'amazon'],
    ['newcognito', 'cognito'],
  ]) {
    await rejects(
      t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain })),
      'InvalidParameterException',
      `Domain cannot contain reserved word: ${word}`,
    );
  }
  await rejects(
    t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: '' })),
    'InvalidParameterException',
    /Member must have length greater than or equal to 1/,
  );
  await rejects(
    t.admin.send(
      new CreateUserPoolDomainCommand({
        UserPoolId: pool.Id,
        Domain: prefix('v'),
        ManagedLoginVersion: 3,
      }),
    ),
    'InvalidParameterException',
  );
  const res = await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
  assert.equal(res.UserPool?.Domain, undefined, 'nothing was created');
});

test('one prefix domain per pool; a name belongs to one pool', async () => {
  const a = await createPool(t);
  const b = await createPool(t);
  const domain = prefix('taken');
  await t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: a.Id, Domain: domain }));
  await rejects(
    t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: a.Id, Domain: prefix('second') })),
    'InvalidParameterException',
    'User pool already has a domain configured.',
  );
  await rejects(
    t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: b.Id, Domain: domain })),
    'InvalidParameterException',
    'Domain already associated with another user pool.',
  );
  await rejects(
    t.admin.send(
      new CreateUserPoolDomainCommand({ UserPoolId: 'us-east-1_Missing99', Domain: prefix('x') }),
    ),
    'ResourceNotFoundException',
  );
});

test('parallel CreateUserPoolDomain calls for one name: exactly one wins', async () => {
  const pools = await Promise.all([1, 2, 3, 4, 5].map(() => createPool(t)));
  const domain = prefix('race');
  const results = await Promise.allSettled(
    pools.map((p) =>
      t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: p.Id, Domain: domain })),
    ),
  );
  const won = results.filter((r) => r.status === 'fulfilled');
  assert.equal(won.length, 1);
  for (const r of results) {
    if (r.status === 'rejected') {
      assert.equal((r.reason as Error).name, 'InvalidParameterException');
      assert.equal(
        (r.reason as Error).message,
        'Domain already associated with another user pool.',
      );
    }
  }
  const { DomainDescription } = await t.admin.send(
    new DescribeUserPoolDomainCommand({ Domain: domain }),
  );
  const winner = pools[results.findIndex((r) => r.status === 'fulfilled')];
  assert.equal(DomainDescription?.UserPoolId, winner.Id);
});

test('parallel CreateUserPoolDomain calls for one pool: it gets one prefix domain', async () => {
  const pool = await createPool(t);
  const results = await Promise.allSettled(
    [1, 2, 3, 4].map(() =>
      t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: prefix('one') })),
    ),
  );
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  for (const r of results) {
    if (r.status === 'rejected') {
      assert.equal((r.reason as Error).message, 'User pool already has a domain configured.');
    }
  }
});

test('UpdateUserPoolDomain sets the managed login version; DeleteUserPoolDomain frees the name', async () => {
  const pool = await createPool(t);
  const other = await createPool(t);
  const domain = prefix('upd');
  await t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
  const updated = await t.admin.send(
    new UpdateUserPoolDomainCommand({
      UserPoolId: pool.Id,
      Domain: domain,
      ManagedLoginVersion: 2,
    }),
  );
  assert.equal(updated.ManagedLoginVersion, 2);
  const { DomainDescription } = await t.admin.send(
    new DescribeUserPoolDomainCommand({ Domain: domain }),
  );
  assert.equal(DomainDescription?.ManagedLoginVersion, 2);
  await rejects(
    t.admin.send(
      new UpdateUserPoolDomainCommand({
        UserPoolId: pool.Id,
        Domain: domain,
        CustomDomainConfig: {
          CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
        },
      }),
    ),
    'InvalidParameterException',
  );
  await rejects(
    t.admin.send(new DeleteUserPoolDomainCommand({ UserPoolId: other.Id, Domain: domain })),
    'InvalidParameterException',
    'No such domain or user pool exists.',
  );
  await t.admin.send(new DeleteUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
  const gone = await t.admin.send(new DescribeUserPoolDomainCommand({ Domain: domain }));
  assert.deepEqual(gone.DomainDescription, {});
  await rejects(
    t.admin.send(new DeleteUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain })),
    'InvalidParameterException',
    'No such domain or user pool exists.',
  );
  // The name is free again, for any pool.
  await t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: other.Id, Domain: domain }));
});

test('DeleteUserPool removes its domain', async () => {
  const pool = await createPool(t);
  const domain = prefix('bye');
  await t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
  await t.admin.send(new DeleteUserPoolCommand({ UserPoolId: pool.Id }));
  const res = await t.admin.send(new DescribeUserPoolDomainCommand({ Domain: domain }));
  assert.deepEqual(res.DomainDescription, {});
});

test("a domain's routes answer while it exists and 404 once it is deleted", async () => {
  const pool = await createPool(t);
  const domain = prefix('routes');
  await t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
  const base = `${t.url}/domains/${domain}`;
  const authorize = `${base}/oauth2/authorize?response_type=code&client_id=nosuchclient`;
  const live = await fetch(authorize, { redirect: 'manual' });
  assert.notEqual(live.status, 404);
  await t.admin.send(new DeleteUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
  assert.equal((await fetch(authorize, { redirect: 'manual' })).status, 404);
  const token = await fetch(`${base}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  assert.equal(token.status, 404);
  assert.equal((await fetch(`${t.url}/domains/${prefix('never')}/logout`)).status, 404);
});
