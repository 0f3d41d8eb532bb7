/**
 * Client side of Cognito's SRP-6a variant (USER_SRP_AUTH and device SRP), formula for formula
 * as amazon-cognito-identity-js's AuthenticationHelper computes it and as the Cognate server
 * (packages/server/src/services/srp.ts) checks it. Hashes go through Web Crypto; the modular
 * exponentiations go through OpenSSL in Node and a sliding-window bigint loop in browsers.
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

type NodeDh = { setPrivateKey(k: Uint8Array): void; computeSecret(k: Uint8Array): Uint8Array };
type NodeCrypto = { createDiffieHellman(p: Uint8Array, g: Uint8Array): NodeDh };
// Node 20.16+ exposes OpenSSL without an import a browser bundler would have to resolve.
const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => NodeCrypto | undefined } }
).process?.getBuiltinModule?.('node:crypto');

/**
 * base^exponent mod N through OpenSSL: a Diffie-Hellman "secret" with the exponent as private key
 * is exactly that, about ten times faster than bigint. Undefined where there is no node:crypto,
 * or for the bases OpenSSL refuses as public keys (0, 1, N - 1).
 */
function nativeModPow(base: bigint, exponent: bigint): bigint | undefined {
  if (!nodeCrypto || exponent <= 0n) return undefined;
  try {
    const dh = nodeCrypto.createDiffieHellman(fromHex(padHex(groupN())), Uint8Array.of(2));
    dh.setPrivateKey(fromHex(padHex(exponent)));
    return BigInt(`0x${toHex(dh.computeSecret(fromHex(padHex(base))))}`);
  } catch {
    return undefined;
  }
}

/**
 * Modular exponentiation: OpenSSL in Node, else left-to-right with a sliding window of up to
 * 5 bits (15 multiplications saved of every 16 the binary method makes; squarings remain).
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint = groupN()): bigint {
  const b = ((base % modulus) + modulus) % modulus;
  const fast = modulus === groupN() ? nativeModPow(b, exponent) : undefined;
  if (fast !== undefined) return fast;
  const bits = exponent.toString(2);
  // b, b^3, b^5, ... b^31: the odd powers a window can end on.
  const odd = [b];
  const b2 = (b * b) % modulus;
  for (let i = 1; i < 16; i++) odd.push((odd[i - 1] * b2) % modulus);
  let result = 1n;
  for (let i = 0; i < bits.length; ) {
    let end = i + 1;
    if (bits[i] === '1') {
      end = Math.min(i + 5, bits.length);
      while (bits[end - 1] === '0') end--;
    }
    for (let s = i; s < end; s++) result = (result * result) % modulus;
    if (bits[i] === '1')
      result = (result * odd[(Number.parseInt(bits.slice(i, end), 2) - 1) >> 1]) % modulus;
    i = end;
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

/**
 * Draws a and A = g^a mod N. a has 256 random bits, the size RFC 5054 asks for; identity-js
 * draws 1024, which only makes g^a and S four times slower for no added strength.
 */
export function createSrpClient(): SrpClient {
  const N = groupN();
  for (;;) {
    const a = BigInt(`0x${toHex(randomBytes(32))}`);
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
