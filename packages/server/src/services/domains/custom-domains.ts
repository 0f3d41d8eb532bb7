import { readFileSync } from 'node:fs';
import type { Db } from '../../store/open.ts';
import { customDomainNames } from '../../store/repositories/user-pool-domains.ts';

/** A certificate chain and its private key, as PEM files. */
export interface CertificateFiles {
  /** PEM certificate chain file. */
  cert: string;
  /** PEM private key file. */
  key: string;
}

/** A certificate chain and key, read, ready for `tls.createSecureContext`. */
export interface CertificatePem {
  cert: Buffer;
  key: Buffer;
}

/**
 * The custom domains this server answers for: the certificates configured per host name
 * (`customDomainCerts`), and the set of host names that are custom domains of some pool, kept in
 * memory because requests are routed by Host synchronously (Fastify's `rewriteUrl`). The set is
 * updated at once by the instance that changes a domain and refreshed from the database
 * periodically, so several instances sharing a database agree within one refresh interval.
 */
export class CustomDomains {
  private hosts = new Set<string>();
  private readonly certificates: Map<string, CertificateFiles>;
  private readonly read = new Map<string, CertificatePem>();

  constructor(certificates: Record<string, CertificateFiles> = {}) {
    this.certificates = new Map(
      Object.entries(certificates).map(([host, files]) => [host.toLowerCase(), files]),
    );
  }

  /** True when `host` (no port) is a pool's custom domain. */
  isCustomHost(host: string): boolean {
    return this.hosts.size > 0 && this.hosts.has(host.toLowerCase());
  }

  /** True when the configuration has a certificate for `host`. */
  hasCertificate(host: string): boolean {
    return this.certificates.has(host.toLowerCase());
  }

  /**
   * The certificate for a TLS client's server name (SNI), when `host` is a configured custom
   * domain; undefined otherwise (the listener then uses its default certificate). The files are
   * read once.
   */
  certificateFor(host: string): CertificatePem | undefined {
    const name = host.toLowerCase();
    const cached = this.read.get(name);
    if (cached) return cached;
    const files = this.certificates.get(name);
    if (!files) return undefined;
    const pem = { cert: readFileSync(files.cert), key: readFileSync(files.key) };
    this.read.set(name, pem);
    return pem;
  }

  /** Records a change made by this instance (the database says the same after commit). */
  added(host: string): void {
    this.hosts.add(host.toLowerCase());
  }

  removed(host: string): void {
    this.hosts.delete(host.toLowerCase());
  }

  /** Reloads the set of custom domains from the database. */
  async refresh(db: Db): Promise<void> {
    this.hosts = new Set(await customDomainNames(db));
  }
}
