import assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { test } from 'node:test';
import { type KeyMaterial, newKeyMaterial, prepareKeyMaterial } from './key-material.ts';

/** The key pair signs and verifies as RS256, and its kid is the hash of its public JWK. */
function assertUsable(m: KeyMaterial) {
  const { kid: _kid, alg, use, ...publicMembers } = m.publicJwk;
  assert.deepEqual(Object.keys(publicMembers).sort(), ['e', 'kty', 'n']);
  assert.equal(publicMembers.kty, 'RSA');
  assert.equal(alg, 'RS256');
  assert.equal(use, 'sig');
  assert.equal(
    m.kid,
    createHash('sha256').update(JSON.stringify(publicMembers)).digest('base64url').slice(0, 43),
  );
  assert.equal(m.privateJwk.kid, m.kid);
  const privateKey = createPrivateKey({ key: m.privateJwk as never, format: 'jwk' });
  const publicKey = createPublicKey({ key: m.publicJwk as never, format: 'jwk' });
  assert.equal(privateKey.asymmetricKeyDetails?.modulusLength, 2048);
  const signature = sign('sha256', Buffer.from('payload'), privateKey);
  assert.ok(verify('sha256', Buffer.from('payload'), publicKey, signature));
}

test('newKeyMaterial makes a 2048-bit RS256 pair whose kid hashes its public JWK', async () => {
  assertUsable(await newKeyMaterial());
});

test('a key prepared ahead of need is taken once; the next one is new', async () => {
  prepareKeyMaterial();
  prepareKeyMaterial(); // a second call while one is pending starts no other
  const first = await newKeyMaterial();
  const second = await newKeyMaterial();
  assertUsable(first);
  assertUsable(second);
  assert.notEqual(first.kid, second.kid);
});
