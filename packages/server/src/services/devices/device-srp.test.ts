/**
 * Device SRP (DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER) against the real client's math:
 * amazon-cognito-identity-js's AuthenticationHelper makes the device verifier (generateHashDevice)
 * and the claim (getPasswordAuthenticationKey on the device group key), srp.ts checks it.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import {
  createChallenge,
  formatTimestamp,
  isValidVerifier,
  verifySrpClaim,
} from '../sign-in/srp.ts';

interface ClientBigInteger {
  toString(radix: number): string;
}
interface DeviceHelper {
  generateHashDevice(groupKey: string, deviceKey: string, cb: (err: unknown) => void): void;
  getSaltDevices(): string;
  getVerifierDevices(): string;
  getRandomPassword(): string;
  getLargeAValue(cb: (err: unknown, A: ClientBigInteger) => void): void;
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    B: ClientBigInteger,
    salt: ClientBigInteger,
    cb: (err: unknown, key: Buffer) => void,
  ): void;
}
const require = createRequire(import.meta.url);
const AuthenticationHelper: new (poolName: string) => DeviceHelper =
  require('amazon-cognito-identity-js/lib/AuthenticationHelper.js').default;
const BigInteger: new (s: string, radix: number) => ClientBigInteger =
  require('amazon-cognito-identity-js/lib/BigInteger.js').default;

const promisify = <T>(fn: (cb: (err: unknown, r: T) => void) => void) =>
  new Promise<T>((resolve, reject) => fn((err, r) => (err ? reject(err) : resolve(r))));

/** What ConfirmDevice stores for a device the client registers: hex salt and verifier. */
async function registerDevice(groupKey: string, deviceKey: string) {
  const helper = new AuthenticationHelper(groupKey);
  await promisify<null>((cb) => helper.generateHashDevice(groupKey, deviceKey, (e) => cb(e, null)));
  // The client sends both base64 (ConfirmDevice's DeviceSecretVerifierConfig); the server keeps hex.
  const salt = Buffer.from(helper.getSaltDevices(), 'hex').toString('hex');
  const verifier = Buffer.from(helper.getVerifierDevices(), 'hex').toString('hex');
  return { salt, verifier, password: helper.getRandomPassword() };
}

/** The client's DEVICE_PASSWORD_VERIFIER answer to a server challenge. */
async function deviceClaim(
  groupKey: string,
  deviceKey: string,
  password: string,
  stored: { salt: string; verifier: string },
) {
  const helper = new AuthenticationHelper(groupKey);
  const A = await promisify<ClientBigInteger>((cb) => helper.getLargeAValue(cb));
  const challenge = await createChallenge(stored);
  const key = await promisify<Buffer>((cb) =>
    helper.getPasswordAuthenticationKey(
      deviceKey,
      password,
      new BigInteger(challenge.B, 16),
      new BigInteger(stored.salt, 16),
      cb,
    ),
  );
  const secretBlock = crypto.randomBytes(48).toString('base64');
  const timestamp = formatTimestamp(new Date());
  const signature = crypto
    .createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(groupKey, 'utf8'),
        Buffer.from(deviceKey, 'utf8'),
        Buffer.from(secretBlock, 'base64'),
        Buffer.from(timestamp, 'utf8'),
      ]),
    )
    .digest('base64');
  return { A: A.toString(16), challenge, secretBlock, timestamp, signature };
}

test('a device claim made by the client verifies against the verifier it registered', async () => {
  const groupKey = '-AbCdEfGh';
  const deviceKey = `us-east-1_${crypto.randomUUID()}`;
  for (let i = 0; i < 3; i++) {
    const stored = await registerDevice(groupKey, deviceKey);
    assert.ok(isValidVerifier(stored.verifier));
    const claim = await deviceClaim(groupKey, deviceKey, stored.password, stored);
    const base = { poolName: groupKey, userId: deviceKey, stored, ...claim };
    assert.equal(await verifySrpClaim(base), true);
    // The group key and the device key are both in the proof.
    assert.equal(await verifySrpClaim({ ...base, poolName: '-Other' }), false);
    assert.equal(
      await verifySrpClaim({ ...base, userId: `us-east-1_${crypto.randomUUID()}` }),
      false,
    );
    const wrong = await deviceClaim(groupKey, deviceKey, `${stored.password}x`, stored);
    assert.equal(await verifySrpClaim({ ...base, ...wrong }), false);
  }
});

test('isValidVerifier refuses what SRP cannot run on', () => {
  const N = BigInt(`0x${crypto.getDiffieHellman('modp15').getPrime().toString('hex')}`);
  for (const v of ['', '0', '1', 'zz', '-5', (N - 1n).toString(16), N.toString(16)]) {
    assert.equal(isValidVerifier(v), false, v.slice(0, 8));
  }
  assert.equal(isValidVerifier('02'), true);
});
