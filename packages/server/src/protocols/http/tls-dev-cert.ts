import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { generate } from 'selfsigned';
import type { CertificatePem } from './tls.ts';

/** The names the development certificate is good for. */
const NAMES = { dns: ['localhost'], ip: ['127.0.0.1', '::1'] };
/** Apple's platforms refuse server certificates valid longer than 825 days, even trusted by hand. */
const VALID_DAYS = 825;
/** A certificate this close to its end is made again, so it does not lapse while the server runs. */
const RENEW_BEFORE_MS = 24 * 3600_000;

/**
 * The self-signed certificate for localhost in `dir` (`localhost.crt`, and `localhost.key`,
 * readable by its owner only): the one there when it is still good, else a new one, written
 * there for the next start and for users who trust it. An ECDSA P-256 key: fast to make, and
 * accepted by every browser.
 */
export async function devCertificate(dir: string, log: Logger): Promise<CertificatePem> {
  const certFile = path.join(dir, 'localhost.crt');
  const keyFile = path.join(dir, 'localhost.key');
  const existing = readUsable(certFile, keyFile, Date.now());
  if (existing) return existing;
  const pem = await makeDevCertificate(new Date());
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Each file appears whole (written aside, then renamed), the key never readable by others.
  writeAtomically(keyFile, pem.key, 0o600);
  writeAtomically(certFile, pem.cert, 0o644);
  log.info({ cert: certFile }, 'made a self-signed TLS certificate for localhost');
  // Processes of a cluster meeting their first https connection together each make one: all
  // serve the pair that ended up in the files (the one users trust) when it is whole.
  return readUsable(certFile, keyFile, Date.now()) ?? pem;
}

/** A self-signed server certificate for localhost, 127.0.0.1 and ::1, valid from `now`. */
export async function makeDevCertificate(
  now: Date,
  days = VALID_DAYS,
): Promise<{ cert: string; key: string }> {
  const made = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + days * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...NAMES.dns.map((value) => ({ type: 2 as const, value })),
          ...NAMES.ip.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { cert: made.cert, key: made.private };
}

/** The certificate and key in the files, when both are there, fit, and are valid for a while. */
function readUsable(certFile: string, keyFile: string, now: number): CertificatePem | undefined {
  try {
    const cert = readFileSync(certFile, 'utf8');
    const key = readFileSync(keyFile, 'utf8');
    const x509 = new X509Certificate(cert);
    const fits = x509.checkPrivateKey(createPrivateKey(key));
    const valid =
      Date.parse(x509.validFrom) <= now && now < Date.parse(x509.validTo) - RENEW_BEFORE_MS;
    return fits && valid ? { cert, key } : undefined;
  } catch {
    return undefined; // missing or unreadable: make a new one
  }
}

function writeAtomically(file: string, text: string, mode: number): void {
  const aside = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(aside, text, { mode });
  renameSync(aside, file);
}
