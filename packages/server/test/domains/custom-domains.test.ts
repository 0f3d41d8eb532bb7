import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  CreateUserPoolDomainCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadConfig } from '../../src/config.ts';
import { createPool, rejects, startTestServer, type TestServer } from '../support/index.ts';

// Host names are global across pools, and a PostgreSQL run may share nothing but the server:
// each run uses names of its own.
const run = `${process.pid}-${Date.now().toString(36)}`;
const HOST = `auth-${run}.example.com`;
const OTHER = `login-${run}.example.org`;
const CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d';

let t: TestServer;
let certFile: string;
before(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cognate-certs-'));
  certFile = path.join(dir, 'auth.pem');
  writeFileSync(certFile, '-----BEGIN CERTIFICATE-----\nAUTH\n-----END CERTIFICATE-----\n');
  writeFileSync(
    path.join(dir, 'auth.key'),
    '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n',
  );
  t = await startTestServer({
    config: {
      customDomainCerts: {
        [HOST]: { cert: certFile, key: path.join(dir, 'auth.key') },
        [OTHER]: { cert: certFile, key: path.join(dir, 'auth.key') },
      },
    },
  });
});
after(() => t.close());

/** A GET with a Host header of our choosing (fetch does not let one set it). */
function get(pathAndQuery: string, host: string): Promise<{ status: number; body: string }> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: pathAndQuery, headers: { host } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('COGNATE_CUSTOM_DOMAIN_CERTS reads host=cert,key entries and JSON', () => {
  const a = loadConfig({
    env: { COGNATE_CUSTOM_DOMAIN_CERTS: 'Auth.Example.com=a.pem,a.key; b.example.org=b.pem,b.key' },
  });
  assert.deepEqual(a.customDomainCerts, {
    'auth.example.com': { cert: 'a.pem', key: 'a.key' },
    'b.example.org': { cert: 'b.pem', key: 'b.key' },
  });
  const b = loadConfig({
    env: { COGNATE_CUSTOM_DOMAIN_CERTS: '{"c.example.com":{"cert":"c.pem","key":"c.key"}}' },
  });
  assert.deepEqual(b.customDomainCerts, { 'c.example.com': { cert: 'c.pem', key: 'c.key' } });
  assert.throws(
    () => loadConfig({ env: { COGNATE_CUSTOM_DOMAIN_CERTS: 'c.example.com=only-one.pem' } }),
    /customDomainCerts.*COGNATE_CUSTOM_DOMAIN_CERTS/,
  );
});

test('a custom domain without a configured certificate is refused, saying what to configure', async () => {
  const pool = await createPool(t);
  await rejects(
    t.admin.send(
      new CreateUserPoolDomainCommand({
        UserPoolId: pool.Id,
        Domain: `nocert-${run}.example.com`,
        CustomDomainConfig: { CertificateArn: CERT_ARN },
      }),
    ),
    'InvalidParameterException',
    /No certificate is configured for the custom domain nocert-.*COGNATE_CUSTOM_DOMAIN_CERTS/,
  );
  await rejects(
    t.admin.send(
      new CreateUserPoolDomainCommand({
        UserPoolId: pool.Id,
        Domain: 'not_a_host',
        CustomDomainConfig: { CertificateArn: CERT_ARN },
      }),
    ),
    'InvalidParameterException',
  );
  await rejects(
    t.admin.send(
      new CreateUserPoolDomainCommand({
        UserPoolId: pool.Id,
        Domain: HOST,
        CustomDomainConfig: { CertificateArn: 'not-an-arn' },
      }),
    ),
    'InvalidParameterException',
    /customDomainConfig.certificateArn/,
  );
});

test('a custom domain: described, listed on the pool, reached by Host, its certificate served by name', async () => {
  const pool = await createPool(t);
  const prefix = `pre-${run}`;
  await t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: prefix }));
  const created = await t.admin.send(
    new CreateUserPoolDomainCommand({
      UserPoolId: pool.Id,
      Domain: HOST,
      CustomDomainConfig: { CertificateArn: CERT_ARN },
    }),
  );
  assert.equal(created.CloudFrontDomain, new URL(t.url).hostname);
  const { DomainDescription: d } = await t.admin.send(
    new DescribeUserPoolDomainCommand({ Domain: HOST }),
  );
  assert.equal(d?.UserPoolId, pool.Id);
  assert.deepEqual(d?.CustomDomainConfig, { CertificateArn: CERT_ARN });
  const described = await t.admin.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
  assert.equal(described.UserPool?.Domain, prefix);
  assert.equal(described.UserPool?.CustomDomain, HOST);

  // A pool has one custom domain.
  await rejects(
    t.admin.send(
      new CreateUserPoolDomainCommand({
        UserPoolId: pool.Id,
        Domain: OTHER,
        CustomDomainConfig: { CertificateArn: CERT_ARN },
      }),
    ),
    'InvalidParameterException',
    'User pool already has a domain configured.',
  );

  // The discovery document names the custom domain's endpoints.
  const doc = await (await fetch(`${t.url}/${pool.Id}/.well-known/openid-configuration`)).json();
  assert.equal(doc.authorization_endpoint, `https://${HOST}/oauth2/authorize`);
  assert.equal(doc.token_endpoint, `https://${HOST}/oauth2/token`);

  // Requests with that Host are the domain's own: the same answer as under /domains/<host>.
  const page = '/oauth2/authorize?response_type=code&client_id=unknownclient';
  const byHost = await get(page, `${HOST}:443`);
  const byPath = await get(`/domains/${HOST}${page}`, new URL(t.url).host);
  assert.equal(byHost.status, byPath.status);
  assert.equal(byHost.body, byPath.body);
  // Other hosts are not rewritten: the server's own routes answer.
  const health = await get('/health', new URL(t.url).host);
  assert.equal(health.status, 200);
  const rewritten = await get('/health', HOST);
  assert.notEqual(rewritten.body, health.body, 'the custom host is not the API host');

  // The TLS listener's certificate for the name (SNI).
  const pem = t.server.ctx.customDomains?.certificateFor(HOST.toUpperCase());
  assert.match(pem?.cert.toString() ?? '', /AUTH/);
  assert.equal(t.server.ctx.customDomains?.certificateFor('unknown.example.com'), undefined);

  // The certificate can be updated; a prefix domain has none to update.
  const other = 'arn:aws:acm:us-east-1:123456789012:certificate/ffff';
  await t.admin.send(
    new UpdateUserPoolDomainCommand({
      UserPoolId: pool.Id,
      Domain: HOST,
      CustomDomainConfig: { CertificateArn: other },
    }),
  );
  const updated = await t.admin.send(new DescribeUserPoolDomainCommand({ Domain: HOST }));
  assert.deepEqual(updated.DomainDescription?.CustomDomainConfig, { CertificateArn: other });

  // Deleted: the Host is no longer the domain's.
  await t.admin.send(new DeleteUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: HOST }));
  const after = await get('/health', HOST);
  assert.equal(after.status, 200);
  const doc2 = await (await fetch(`${t.url}/${pool.Id}/.well-known/openid-configuration`)).json();
  assert.equal(doc2.authorization_endpoint, `${t.url}/domains/${prefix}/oauth2/authorize`);
});

test('another instance on the same database learns of a custom domain when it refreshes', async () => {
  const pool = await createPool(t);
  await t.admin.send(
    new CreateUserPoolDomainCommand({
      UserPoolId: pool.Id,
      Domain: OTHER,
      CustomDomainConfig: { CertificateArn: CERT_ARN },
    }),
  );
  const domains = t.server.ctx.customDomains;
  assert.ok(domains);
  domains.removed(OTHER); // as an instance that has not seen the change yet
  assert.equal(domains.isCustomHost(OTHER), false);
  await domains.refresh(t.server.db);
  assert.equal(domains.isCustomHost(OTHER), true);
  await t.admin.send(new DeleteUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: OTHER }));
});
