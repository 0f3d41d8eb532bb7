/**
 * Client side of Cognito's SRP-6a variant (USER_SRP_AUTH and device SRP), formula for formula
 * as amazon-cognito-identity-js's AuthenticationHelper computes it and as the Cognate server
 * (packages/server/src/services/srp.ts) checks it. Hashes go through Web Crypto; the modular
 * exponentiations are bigint square-and-multiply, which costs a client one or two per sign-in.
 */
import { concat, fromBase64, fromHex, randomBytes, toBase64, toHex, utf8 } from './bytes.ts';

/** scale * atan(1/x), by its Taylor series in fixed point (integer arithmetic). */
function atanInv(x: bigint, scale: bigint): bigint {
  let power = scale / x;
  let sum = power;
  for (let k = 1n; power !== 0n; k++) {
    power /= x * x;
    sum += (k % 2n === 0n ? 1n : -1n) * (power / (2n * k + 1n));
  }
  return sum;
}

let nCache: bigint | undefined;
/**
 * N, the 3072-bit MODP prime of RFC 3526 (Cognito's group), from its definition
 * 2^3072 - 2^3008 - 1 + 2^64 * (floor(2^2942 * pi) + 1690314) with Machin's formula for pi:
 * a few milliseconds once, where the 768-digit hex literal would cost ~400 bytes gzipped in
 * every app's bundle. A test checks it against OpenSSL's modp15.
 */
export function groupN(): bigint {
  if (nCache === undefined) {
    const guard = 64n; // far more than the series' rounding error
    const scale = 1n << (2942n + guard);
    const pi = (16n * atanInv(5n, scale) - 4n * atanInv(239n, scale)) >> guard;
    nCache = (1n << 3072n) - (1n << 3008n) - 1n + (1n << 64n) * (pi + 1690314n);
  }
  return nCache;
}

const g = 2n;

/** Modular exponentiation, left-to-right binary. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint = groupN()): bigint {
  let result = 1n;
  const b = ((base % modulus) + modulus) % modulus;
  for (const bit of exponent.toString(2)) {
    result = (result * result) % modulus;
    if (bit === '1') result = (result * b) % modulus;
  }
  return result;
}

/**
 * identity-js's padHex for non-negative values: even-length hex, with `00` prepended when the
 * top bit is set (Java's BigInteger.toByteArray); the server hashes the same strings.
 */
export function padHex(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
}

/** SHA-256 of the bytes a hex string encodes, as hex (identity-js `hexHash`). */
export async function hexHash(hex: string): Promise<string> {
  return toHex(await sha256(fromHex(hex)));
}

/** SHA-256 of a UTF-8 string, as hex (identity-js `hash`). */
export async function textHash(text: string): Promise<string> {
  return toHex(await sha256(utf8(text)));
}

let kCache: bigint | undefined;
/** k = H(padHex(N) + padHex(g)), computed once. */
async function multiplierK(): Promise<bigint> {
  kCache ??= BigInt(`0x${await hexHash(padHex(groupN()) + padHex(g))}`);
  return kCache;
}

/** One SRP exchange's client secret and public value. */
export interface SrpClient {
  a: bigint;
  A: bigint;
}

/** Draws a (128 random bytes, as identity-js) and A = g^a mod N. */
export function createSrpClient(): SrpClient {
  const N = groupN();
  for (;;) {
    const a = BigInt(`0x${toHex(randomBytes(128))}`);
    const A = modPow(g, a);
    if (A % N !== 0n) return { a, A };
  }
}

/** The user pool's name as SRP hashes it: the part of the pool id after `_`. */
export function poolName(userPoolId: string): string {
  return userPoolId.split('_')[1] ?? '';
}

/**
 * The HKDF key ("Caldera Derived Key", 16 bytes) from the server's B and salt and the
 * password: x = H(salt | H(pool + user + ':' + password)), S = (B - k g^x)^(a + u x).
 * @param prefix `poolName` for users, the device group key for devices.
 */
export async function passwordAuthenticationKey(
  client: SrpClient,
  prefix: string,
  userId: string,
  password: string,
  Bhex: string,
  saltHex: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const N = groupN();
  const B = BigInt(`0x${Bhex}`);
  if (B % N === 0n) throw new Error('B cannot be zero.');
  const u = BigInt(`0x${await hexHash(padHex(client.A) + padHex(B))}`);
  if (u === 0n) throw new Error('U cannot be zero.');
  const inner = await textHash(`${prefix}${userId}:${password}`);
  const x = BigInt(`0x${await hexHash(padHex(BigInt(`0x${saltHex}`)) + inner)}`);
  const k = await multiplierK();
  const base = (((B - k * modPow(g, x)) % N) + N) % N;
  const S = modPow(base, client.a + u * x);
  const ikm = await globalThis.crypto.subtle.importKey('raw', fromHex(padHex(S)), 'HKDF', false, [
    'deriveBits',
  ]);
  const bits = await globalThis.crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: fromHex(padHex(u)), info: utf8('Caldera Derived Key') },
    ikm,
    128,
  );
  return new Uint8Array(bits);
}

/** PASSWORD_CLAIM_SIGNATURE: base64 HMAC-SHA256(key, pool | user | secret block | timestamp). */
export async function claimSignature(
  key: Uint8Array<ArrayBuffer>,
  prefix: string,
  userId: string,
  secretBlock: string,
  timestamp: string,
): Promise<string> {
  const hmacKey = await globalThis.crypto.subtle.importKey(
    'raw',
    key,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const message = concat(utf8(prefix), utf8(userId), fromBase64(secretBlock), utf8(timestamp));
  return toBase64(new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', hmacKey, message)));
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** identity-js DateHelper's `ddd MMM D HH:mm:ss UTC YYYY` (UTC, day not padded). */
export function srpTimestamp(date: Date = new Date(Date.now())): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${WEEKDAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${time} UTC ${date.getUTCFullYear()}`;
}
