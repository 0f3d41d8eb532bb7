/**
 * Client side of Cognito's SRP (USER_SRP_AUTH then PASSWORD_VERIFIER), with the formulas of
 * amazon-cognito-identity-js: AuthenticationHelper (calculateU, getPasswordAuthenticationKey,
 * calculateS, computehkdf, padHex), CognitoUser.authenticateUserDefaultAuth (the signature) and
 * DateHelper (the timestamp).
 *
 * Two shortcuts keep the load generator cheap; the server can tell neither apart from a real
 * client, and its own work does not depend on them:
 * - `a` is 256 bits, drawn once per user (AuthenticationHelper draws 1024 bits per sign-in),
 *   so each sign-in costs one modexp with a ~512-bit exponent (a + u·x) instead of two with
 *   ~1024-bit exponents.
 * - x and k·g^x depend only on the user's salt, so they are computed once per user.
 * Modexp goes to OpenSSL through a Diffie-Hellman object on the group's prime, as the server
 * does: setPrivateKey(exp) + computeSecret(base) = base^exp mod N.
 */
import crypto from 'node:crypto';

const N_BYTES = crypto.getDiffieHellman('modp15').getPrime();
const N = toBigInt(N_BYTES);
const g = 2n;
const k = BigInt(`0x${hexHash(padHex(N) + padHex(g))}`);
const dh = crypto.createDiffieHellman(N_BYTES, Number(g));

/** base^exp mod N for 1 < base < N-1 (OpenSSL refuses the trivial bases as DH public keys). */
export function modPow(base: bigint, exp: bigint): bigint {
  dh.setPrivateKey(toBuffer(exp));
  return toBigInt(dh.computeSecret(toBuffer(base)));
}

export interface SrpUser {
  poolName: string;
  password: string;
  a: bigint;
  /** SRP_A as the client sends it: `A.toString(16)`, no padding. */
  A: string;
  /** x and k·g^x for the last salt seen. */
  key?: { salt: string; x: bigint; kv: bigint };
}

/** One user's client state. `userPoolId` is the full id; the client hashes the part after `_`. */
export function srpUser(userPoolId: string, password: string): SrpUser {
  const a = toBigInt(crypto.randomBytes(32));
  return { poolName: userPoolId.split('_')[1], password, a, A: modPow(g, a).toString(16) };
}

/** The PASSWORD_VERIFIER ChallengeResponses for the USER_SRP_AUTH challenge parameters. */
export function passwordClaim(
  user: SrpUser,
  params: Record<string, string>,
  now = new Date(),
): Record<string, string> {
  const userId = params.USER_ID_FOR_SRP;
  const A = BigInt(`0x${user.A}`);
  const B = BigInt(`0x${params.SRP_B}`);
  if (B % N === 0n) throw new Error('B cannot be zero.');
  const u = BigInt(`0x${hexHash(padHex(A) + padHex(B))}`);
  if (u === 0n) throw new Error('U cannot be zero.');
  if (user.key?.salt !== params.SALT) {
    // x = H(padHex(salt) + H(poolName + userId + ':' + password)); the salt is read as a number.
    const inner = sha256Hex(Buffer.from(`${user.poolName}${userId}:${user.password}`, 'utf8'));
    const x = BigInt(`0x${hexHash(padHex(BigInt(`0x${params.SALT}`)) + inner)}`);
    user.key = { salt: params.SALT, x, kv: (k * modPow(g, x)) % N };
  }
  const { x, kv } = user.key;
  // S = (B - k·g^x)^(a + u·x) mod N; the client's negative base has the same residue mod N.
  const S = modPow((((B - kv) % N) + N) % N, user.a + u * x);
  const hkdf = crypto.hkdfSync(
    'sha256',
    Buffer.from(padHex(S), 'hex'),
    Buffer.from(padHex(u), 'hex'),
    'Caldera Derived Key',
    16,
  );
  const timestamp = cognitoTimestamp(now);
  const message = Buffer.concat([
    Buffer.from(user.poolName, 'utf8'),
    Buffer.from(userId, 'utf8'),
    Buffer.from(params.SECRET_BLOCK, 'base64'),
    Buffer.from(timestamp, 'utf8'),
  ]);
  return {
    USERNAME: userId,
    PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK,
    TIMESTAMP: timestamp,
    PASSWORD_CLAIM_SIGNATURE: crypto
      .createHmac('sha256', Buffer.from(hkdf))
      .update(message)
      .digest('base64'),
  };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** DateHelper.getNowString: `ddd MMM D HH:mm:ss UTC YYYY`, day of month not padded. */
function cognitoTimestamp(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${time} UTC ${d.getUTCFullYear()}`;
}

/** AuthenticationHelper.padHex for non-negative values: even length, `00` if the top bit is set. */
function padHex(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

function sha256Hex(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** AuthenticationHelper.hexHash: SHA-256 of the bytes a hex string encodes. */
function hexHash(hex: string): string {
  return sha256Hex(Buffer.from(hex, 'hex'));
}

function toBigInt(buf: Buffer): bigint {
  return buf.length === 0 ? 0n : BigInt(`0x${buf.toString('hex')}`);
}

function toBuffer(n: bigint): Buffer {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}
