import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  createVerifier,
  deriveSecret,
  isVerifyError,
  signSessionToken,
  type VerifyErrorCode,
} from '../src/index.ts';
import { sign } from './support.ts';

// The offline verifier alone, with credentials minted in the server's format and policies given
// by role ARN (no server).

const key = randomBytes(32);
const now = Date.UTC(2030, 0, 1, 12);
const roleArn = 'arn:aws:iam::000000000000:role/Reader';
const identityId = 'us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
function mint(exp = now / 1000 + 3600) {
  const accessKeyId = `ASIA${'A'.repeat(16)}`;
  return {
    accessKeyId,
    secretAccessKey: deriveSecret(key, accessKeyId),
    sessionToken: signSessionToken(key, {
      v: 1,
      akid: accessKeyId,
      iid: identityId,
      ipid: 'us-east-1:ffffffff-0000-0000-0000-000000000000',
      role: roleArn,
      exp,
      iat: exp - 3600,
      auth: 'unauthenticated',
    }),
  };
}
const policy = {
  Version: '2012-10-17',
  Statement: { Effect: 'Allow', Action: 'a:*', Resource: '*' },
};
const verifier = createVerifier({
  credentialsKey: key.toString('base64'),
  policies: { [roleArn]: [JSON.stringify(policy)] },
  hosts: ['api.example.com'],
  region: 'us-east-1',
  service: 'execute-api',
  now: () => now,
});

async function refused(promise: Promise<unknown>, code: VerifyErrorCode) {
  await assert.rejects(promise, (err) => isVerifyError(err) && err.code === code);
}

test('a request signed with minted credentials verifies, with the policies given', async () => {
  const req = { method: 'POST', path: '/items?b=2&a=1', body: '{"x":1}' };
  const headers = await sign(mint(), 'api.example.com', req, { date: new Date(now) });
  const caller = await verifier.verify({ method: 'POST', url: req.path, headers, body: req.body });
  assert.equal(caller.identityId, identityId);
  assert.equal(caller.roleArn, roleArn);
  assert.equal(caller.expiration.getTime(), now + 3600_000);
  assert.deepEqual(caller.policies, [policy]);
});

test('refusals: expiry, clock skew, region, service, host, unknown key', async () => {
  const req = { method: 'GET', path: '/items' };
  const at = (date: number, creds = mint(), opts = {}) =>
    sign(creds, 'api.example.com', req, { date: new Date(date), ...opts });
  const verify = async (headers: Record<string, string>) =>
    verifier.verify({ method: 'GET', url: req.path, headers });
  await refused(verify(await at(now, mint(now / 1000 - 1))), 'ExpiredToken');
  await refused(verify(await at(now - 6 * 60_000)), 'SignatureDoesNotMatch');
  await refused(verify(await at(now, mint(), { region: 'eu-west-1' })), 'SignatureDoesNotMatch');
  await refused(verify(await at(now, mint(), { service: 's3' })), 'SignatureDoesNotMatch');
  await refused(
    verifier.verify({
      method: 'GET',
      url: req.path,
      headers: await sign(mint(), 'other.example.com', req, { date: new Date(now) }),
    }),
    'SignatureDoesNotMatch',
  );
  const stranger = {
    ...mint(),
    sessionToken: signSessionToken(randomBytes(32), {
      v: 1,
      akid: mint().accessKeyId,
      iid: identityId,
      ipid: 'x',
      role: roleArn,
      exp: now / 1000 + 60,
      iat: 0,
      auth: 'unauthenticated',
    }),
  };
  await refused(verify(await at(now, stranger)), 'InvalidClientTokenId');
  const { sessionToken: _t, ...noToken } = mint();
  await refused(verify(await at(now, { ...noToken, sessionToken: '' })), 'InvalidClientTokenId');
  await refused(
    verifier.verify({ method: 'GET', url: '/', headers: {} }),
    'MissingAuthenticationToken',
  );
  await refused(
    verifier.verify({
      method: 'GET',
      url: '/',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x' },
    }),
    'IncompleteSignature',
  );
});

test('a role without policies given has none', async () => {
  const other = createVerifier({ credentialsKey: key, policies: {}, now: () => now });
  const req = { method: 'GET', path: '/' };
  const headers = await sign(mint(), 'anything', req, { date: new Date(now) });
  assert.deepEqual((await other.verify({ method: 'GET', url: '/', headers })).policies, []);
});
