/**
 * RFC 6238 codes as Cognito checks them: HMAC-SHA-1, six digits, 30-second steps, one step of
 * clock skew either way. otpauth does the arithmetic; it is loaded with the first TOTP call,
 * since most servers never see one and start-up time counts.
 */

type Otpauth = typeof import('otpauth');
let loading: Promise<Otpauth> | undefined;
const otpauth = () => {
  loading ??= import('otpauth');
  return loading;
};

/** Seconds per code. */
export const TOTP_PERIOD = 30;

/** The time step of epoch milliseconds `now`. */
export function stepOf(now: number): number {
  return Math.floor(now / 1000 / TOTP_PERIOD);
}

/**
 * A new secret as Cognito hands it out: 32 random bytes in base32 (52 characters, no padding),
 * ready for any authenticator app.
 */
export async function newTotpSecret(random: (bytes: number) => Buffer): Promise<string> {
  const { Secret } = await otpauth();
  const bytes = random(32);
  return new Secret({ buffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 32) }).base32;
}

/**
 * The time step `code` belongs to for `secret` (base32) at `now`, or undefined when it matches
 * none of the current step and its two neighbours.
 */
export async function matchTotp(
  secret: string,
  code: string,
  now: number,
): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const { Secret, TOTP } = await otpauth();
  const totp = new TOTP({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD,
  });
  const delta = totp.validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? undefined : stepOf(now) + delta;
}
