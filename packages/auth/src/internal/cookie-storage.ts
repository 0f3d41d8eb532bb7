import type { AuthStorage } from './storage.ts';

/** Amplify's `cookieStorage` options. */
export interface CookieStorageOptions {
  /** Cookie domain; default: the page's host, no subdomains. */
  domain?: string;
  /** Cookie path. @default '/' */
  path?: string;
  /** Lifetime in days. @default 365 */
  expires?: number;
  /** Send over HTTPS only. @default true */
  secure?: boolean;
  /** SameSite; `none` requires `secure`. */
  sameSite?: 'strict' | 'lax' | 'none';
}

/** What CookieStorage needs of `document` (a test may pass its own). */
export interface CookieJar {
  cookie: string;
}

// js-cookie's encodings (identity-js writes cookies through js-cookie v2): values and names
// written here read back there and the other way round.
const encodeValue = (v: string) =>
  encodeURIComponent(v).replace(
    /%(23|24|26|2B|3A|3C|3E|3D|2F|3F|40|5B|5D|5E|60|7B|7D|7C)/g,
    decodeURIComponent,
  );
const encodeName = (k: string) =>
  encodeURIComponent(k)
    .replace(/%(23|24|26|2B|5E|60|7C)/g, decodeURIComponent)
    .replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const decode = (s: string) => s.replace(/(%[0-9A-Z]{2})+/g, decodeURIComponent);

/**
 * Storage in cookies, honouring every Amplify `cookieStorage` option; compatible with the
 * cookies aws-amplify v5 writes.
 *
 * @example
 * Auth.configure({ ...config, cookieStorage: { domain: 'example.com', secure: true, sameSite: 'lax' } });
 */
export class CookieStorage implements AuthStorage {
  declare readonly domain?: string;
  declare readonly path: string;
  declare readonly expires: number;
  declare readonly secure: boolean;
  declare readonly sameSite?: 'strict' | 'lax' | 'none';
  declare private readonly jar?: CookieJar;

  /** @throws Error when `sameSite` is not lax/strict/none, or is none without `secure`. */
  constructor(options: CookieStorageOptions = {}, jar?: CookieJar) {
    this.domain = options.domain || undefined;
    this.path = options.path || '/';
    this.expires = 'expires' in options && options.expires !== undefined ? options.expires : 365;
    this.secure = 'secure' in options && options.secure !== undefined ? options.secure : true;
    if ('sameSite' in options && options.sameSite !== undefined) {
      if (!['strict', 'lax', 'none'].includes(options.sameSite)) {
        throw new Error('The sameSite value of cookieStorage must be "lax", "strict" or "none".');
      }
      if (options.sameSite === 'none' && !this.secure) {
        throw new Error(
          'sameSite = None requires the Secure attribute in latest browser versions.',
        );
      }
      this.sameSite = options.sameSite;
    }
    this.jar = jar;
  }

  private doc(): CookieJar {
    const jar = this.jar ?? (globalThis as { document?: CookieJar }).document;
    if (!jar) throw new Error('CookieStorage needs a document (a browser)');
    return jar;
  }

  private write(key: string, value: string, days: number): void {
    let cookie = `${encodeName(key)}=${encodeValue(value)}`;
    cookie += `; path=${this.path}`;
    cookie += `; expires=${new Date(Date.now() + days * 864e5).toUTCString()}`;
    if (this.domain) cookie += `; domain=${this.domain}`;
    if (this.secure) cookie += '; secure';
    if (this.sameSite) cookie += `; samesite=${this.sameSite}`;
    this.doc().cookie = cookie;
  }

  private all(): Record<string, string> {
    const out: Record<string, string> = {};
    const text = this.doc().cookie;
    if (!text) return out;
    for (const part of text.split('; ')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      let value = part.slice(eq + 1);
      if (value.startsWith('"')) value = value.slice(1, -1);
      try {
        out[decode(part.slice(0, eq))] = decode(value);
      } catch {
        // a cookie someone else wrote in another encoding: not ours
      }
    }
    return out;
  }

  /** Writes a cookie and returns the value read back. */
  setItem(key: string, value: string): string | null {
    this.write(key, value, this.expires);
    return this.getItem(key);
  }
  /** The cookie's value, or null. */
  getItem(key: string): string | null {
    return this.all()[key] ?? null;
  }
  /** Expires the cookie (same path and domain, as browsers require). */
  removeItem(key: string): void {
    this.write(key, '', -1);
  }
  /** Expires every cookie this page can see. */
  clear(): Record<string, never> {
    for (const key of Object.keys(this.all())) this.removeItem(key);
    return {};
  }
}
