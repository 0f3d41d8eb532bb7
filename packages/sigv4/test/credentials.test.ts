import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
// The server's own implementation, by path: this package re-implements it and must agree.
import * as server from '../../server/src/services/credentials/keys.ts';
import { deriveSecret, readSessionToken, signSessionToken } from '../src/index.ts';

const payload = {
  v: 1 as const,
  akid: 'ASIAABCDEFGHIJKLMNOP',
  iid: 'us-east-1:7f5c8f0e-1d2b-4c3a-9e8f-0a1b2c3d4e5f',
  ipid: 'us-east-1:0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9',
  role: 'arn:aws:iam::000000000000:role/Notes',
  exp: 1_900_000_000,
  iat: 1_899_996_400,
  auth: 'unauthenticated' as const,
};

test('secrets and session tokens agree with the server’s', () => {
  const key = randomBytes(32);
  assert.equal(deriveSecret(key, payload.akid), server.deriveSecret(key, payload.akid));
  assert.equal(deriveSecret(key, payload.akid).length, 40);
  const token = server.signSessionToken(key, payload);
  assert.equal(signSessionToken(key, payload), token);
  assert.deepEqual(readSessionToken(key, token), payload);
  assert.deepEqual(server.readSessionToken(key, signSessionToken(key, payload)), payload);
});

test('a session token under another key, or altered, is not read', () => {
  const key = randomBytes(32);
  const token = server.signSessionToken(key, payload);
  assert.equal(readSessionToken(randomBytes(32), token), undefined);
  const [body, mac] = token.split('.');
  const altered = Buffer.from(
    Buffer.from(body, 'base64url').toString().replace('Notes', 'Admin'),
  ).toString('base64url');
  assert.equal(readSessionToken(key, `${altered}.${mac}`), undefined);
  assert.equal(readSessionToken(key, `${body}.`), undefined);
  assert.equal(readSessionToken(key, body), undefined);
  assert.equal(readSessionToken(key, `${token}.x`), undefined);
});
