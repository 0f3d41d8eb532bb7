import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSecureContext } from 'node:tls';
import type { Logger } from 'pino';
import type { CertificatePem, TlsCertificates } from './tls.ts';

/** The folder of the self-signed development certificate, under the data folder. */
export function devCertificateDir(dataDir: string): string {
  return path.join(dataDir, 'tls');
}

/** The development certificate's file (the one to trust), beside its key `localhost.key`. */
export function devCertificateFile(dataDir: string): string {
  return path.join(devCertificateDir(dataDir), 'localhost.crt');
}

/**
 * The listener's certificates: the configured PEM files (read now, so a wrong path or a key that
 * does not fit stops the start with a clear message), or else the self-signed development
 * certificate in `<dataDir>/tls/`, loaded or made on the first https connection (making one
 * loads a certificate library and takes a fraction of a second the start should not pay).
 * `certificateFor` gives a server name its own certificate (custom domains, by SNI).
 */
export function tlsCertificates(opts: {
  cert?: string;
  key?: string;
  dataDir: string;
  log: Logger;
  certificateFor?: (servername: string) => CertificatePem | undefined;
}): TlsCertificates {
  const { certificateFor } = opts;
  if (opts.cert && opts.key) {
    const pem = readConfigured(opts.cert, opts.key);
    return { defaultCertificate: async () => pem, certificateFor };
  }
  return {
    defaultCertificate: async () => {
      const { devCertificate } = await import('./tls-dev-cert.ts');
      return devCertificate(devCertificateDir(opts.dataDir), opts.log);
    },
    certificateFor,
  };
}

function readConfigured(certFile: string, keyFile: string): CertificatePem {
  let pem: CertificatePem;
  try {
    pem = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
  } catch (err) {
    throw new Error(`cannot read the TLS certificate or key: ${(err as Error).message}`);
  }
  try {
    createSecureContext(pem);
  } catch (err) {
    throw new Error(
      `the TLS certificate ${certFile} and key ${keyFile} cannot be used: ${(err as Error).message}`,
    );
  }
  return pem;
}
