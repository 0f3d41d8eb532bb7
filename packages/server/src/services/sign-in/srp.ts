/**
 * Server side of Cognito's SRP-6a variant (USER_SRP_AUTH, PASSWORD_VERIFIER challenge).
 *
 * Every formula mirrors amazon-cognito-identity-js (AuthenticationHelper.js, CognitoUser.js,
 * DateHelper.js) byte for byte: the client hashes hex strings produced by its `padHex`, so any
 * difference in padding silently breaks sign-in for a fraction of users.
 *
 * Modular exponentiation is delegated to OpenSSL (a Diffie-Hellman object on the group's prime)
 * on worker threads (crypto-pool.ts): constant-ish time and ~0.5 ms each, off the event loop,
 * where a bigint square-and-multiply loop would be slow and leak timing.
 */
import crypto from 'node:crypto';
import type { SrpVerifier } from '../../model/user.ts';
import { modPow, N, N_BYTES, nextEphemeral, srpSecret } from '../crypto/crypto-pool.ts';

const g = 2n;
const k = BigInt(`0x${hexHash(padHex(N) + padHex(g))}`);

/** One sign-in attempt's server secret and public value (hex). Keep `b` server-side only. */
export interface SrpChallenge {
  /** Fresh random 256-bit secret exponent. */
  b: string;
  /** B = (k*v + g^b) mod N; sent to the client as `SRP_B`. */
  B: string;
}

/** Everything needed to check a PASSWORD_VERIFIER response. */
export interface PasswordClaim {
  /** Full pool id, e.g. `us-east-1_AbC`. */
  userPoolId: string;
  /** The `USER_ID_FOR_SRP` the server sent in the challenge. */
  userId: string;
  /** The client's `SRP_A` (hex). */
  A: string;
  /** The challenge issued for this attempt. */
  challenge: SrpChallenge;
  /** The user's stored verifier. */
  stored: SrpVerifier;
  /** The `SECRET_BLOCK` the server issued (base64); the signature binds it. */
  secretBlock: string;
  /** The client's `TIMESTAMP`; the caller decides whether it is fresh. */
  timestamp: string;
  /** The client's `PASSWORD_CLAIM_SIGNATURE` (base64). */
  signature: string;
}

/**
 * Creates the stored verifier for a password (sign-up, password change).
 * @param userPoolId Full pool id; the part after `_` is hashed into x.
 * @param userId The value later sent as `USER_ID_FOR_SRP`.
 * @throws if `userPoolId` has no `_` (a configuration bug).
 */
export async function createVerifier(
  userPoolId: string,
  userId: string,
  password: string,
): Promise<SrpVerifier> {
  const salt = crypto.randomBytes(16).toString('hex');
  const x = computeX(poolNameOf(userPoolId), userId, password, BigInt(`0x${salt}`));
  const v = await modPow(g, x);
  return { salt, verifier: toFixedBuffer(v).toString('hex') };
}

/**
 * Checks a plaintext password against a stored verifier (e.g. USER_PASSWORD_AUTH), in constant
 * time. Returns false for a malformed stored verifier.
 * @throws if `userPoolId` has no `_` (a configuration bug).
 */
export async function passwordMatchesVerifier(
  userPoolId: string,
  userId: string,
  password: string,
  stored: SrpVerifier,
): Promise<boolean> {
  const salt = parseHex(stored.salt);
  const v = parseHex(stored.verifier);
  if (salt === null || v === null || v >= N) return false;
  const expected = await modPow(g, computeX(poolNameOf(userPoolId), userId, password, salt));
  return crypto.timingSafeEqual(toFixedBuffer(expected), toFixedBuffer(v));
}

/**
 * Starts a sign-in: draws a fresh secret b and computes B. Store `b` with the session; send `B`.
 * @throws if the stored verifier is not valid hex (a data bug, not a client error).
 */
export async function createChallenge(stored: SrpVerifier): Promise<SrpChallenge> {
  const v = parseHex(stored.verifier);
  if (v === null) throw new Error('Malformed SRP verifier');
  for (;;) {
    const { b, gb } = await nextEphemeral();
    const B = (k * v + gb) % N;
    // The client refuses B mod N == 0; astronomically unlikely, but redraw rather than fail.
    if (b !== 0n && B !== 0n) return { b: b.toString(16), B: B.toString(16) };
  }
}

/**
 * Validates the client's `SRP_A`: hex, and 1 < A < N-1. SRP-6a requires A mod N != 0; we also
 * refuse 1 and N-1 (the trivial subgroup), which no honest client can produce.
 */
export function isValidClientPublic(Ahex: string): boolean {
  const A = parseHex(Ahex);
  return A !== null && A > 1n && A < N - 1n;
}

/**
 * An SRP claim of any kind: a user's (PASSWORD_VERIFIER, `poolName` the part of the pool id after
 * `_`) or a device's (DEVICE_PASSWORD_VERIFIER, `poolName` the device group key and `userId` the
 * device key, as the client's AuthenticationHelper is built for devices).
 */
export type SrpClaim = Omit<PasswordClaim, 'userPoolId'> & {
  /** What the client hashes into x before `userId` and signs first. */
  poolName: string;
};

/**
 * Verifies a PASSWORD_VERIFIER response: recomputes the client's HKDF key from the server side
 * (S = (A * v^u)^b) and compares signatures in constant time. Never throws; any malformed input
 * yields false.
 */
export async function verifyPasswordClaim(claim: PasswordClaim): Promise<boolean> {
  let poolName: string;
  try {
    poolName = poolNameOf(claim.userPoolId);
  } catch {
    return false;
  }
  return verifySrpClaim({ ...claim, poolName });
}

/**
 * Verifies an SRP claim against `poolName` (see SrpClaim): the server side of the client's
 * getPasswordAuthenticationKey and its HMAC over poolName, userId, secret block and timestamp.
 * Never throws; any malformed input yields false.
 */
export async function verifySrpClaim(claim: SrpClaim): Promise<boolean> {
  try {
    const { userId, secretBlock, timestamp, signature } = claim;
    const A = parseHex(claim.A);
    const b = parseHex(claim.challenge.b);
    const B = parseHex(claim.challenge.B);
    const v = parseHex(claim.stored.verifier);
    if (A === null || b === null || B === null || v === null) return false;
    if (!isValidClientPublic(claim.A)) return false;
    // A corrupt verifier of 0, 1 or N-1 would make S guessable; refuse it.
    if (v <= 1n || v >= N - 1n) return false;
    const strings = [claim.poolName, userId, secretBlock, timestamp, signature];
    if (strings.some((s) => typeof s !== 'string')) return false;

    const u = BigInt(`0x${hexHash(padHex(A) + padHex(B))}`);
    if (u === 0n) return false; // the client aborts on u == 0, so no valid claim exists
    const S = await srpSecret(A, v, u, b);
    const key = Buffer.from(
      crypto.hkdfSync(
        'sha256',
        Buffer.from(padHex(S), 'hex'),
        Buffer.from(padHex(u), 'hex'),
        'Caldera Derived Key',
        16,
      ),
    );
    const message = Buffer.concat([
      Buffer.from(claim.poolName, 'utf8'),
      Buffer.from(userId, 'utf8'),
      Buffer.from(secretBlock, 'base64'),
      Buffer.from(timestamp, 'utf8'),
    ]);
    const expected = crypto.createHmac('sha256', key).update(message).digest();
    const given = Buffer.from(signature, 'base64');
    // Length is public (always 32), so checking it first leaks nothing.
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  } catch {
    return false;
  }
}

/**
 * True for a verifier a client may register (a device's, through ConfirmDevice): hex with
 * 1 < v < N-1, so the server's B and S stay out of the trivial subgroup.
 */
export function isValidVerifier(hex: string): boolean {
  const v = parseHex(hex);
  return v !== null && v > 1n && v < N - 1n;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Formats a date as the client's DateHelper does (`ddd MMM D HH:mm:ss UTC YYYY`, UTC, day of
 * month not padded), e.g. `Mon Nov 3 09:05:07 UTC 2026`.
 */
export function formatTimestamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${WEEKDAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${time} UTC ${date.getUTCFullYear()}`;
}

/** x = H(padHex(salt) + H(poolName + userId + ':' + password)), as in getPasswordAuthenticationKey. */
function computeX(poolName: string, userId: string, password: string, salt: bigint): bigint {
  const inner = crypto.createHash('sha256').update(`${poolName}${userId}:${password}`, 'utf8');
  return BigInt(`0x${hexHash(padHex(salt) + inner.digest('hex'))}`);
}

/** The client's `getUserPoolName()`: `userPoolId.split('_')[1]`. */
function poolNameOf(userPoolId: string): string {
  const name = userPoolId.split('_')[1];
  if (!name) throw new Error('Malformed user pool id');
  return name;
}

/**
 * The client's padHex for non-negative values (all ours are): even-length hex of the magnitude,
 * with `00` prepended when the top bit is set so it reads as positive two's complement (Java's
 * BigInteger.toByteArray). Zero becomes `00`.
 */
function padHex(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

/** SHA-256 of the bytes a hex string encodes, as hex (the client's `hexHash`). */
function hexHash(hex: string): string {
  return crypto.createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
}

/** Parses unsigned hex (any case, leading zeros allowed); null for anything else. */
function parseHex(s: unknown): bigint | null {
  return typeof s === 'string' && /^[0-9a-fA-F]+$/.test(s) ? BigInt(`0x${s}`) : null;
}

/** Fixed 384-byte encoding of a value < N, so constant-time comparisons see equal lengths. */
function toFixedBuffer(n: bigint): Buffer {
  return Buffer.from(n.toString(16).padStart(N_BYTES.length * 2, '0'), 'hex');
}
