/**
 * Secrets at rest in the store (client secrets, signing keys' private halves, admin access keys'
 * secrets, the server secret): the repositories that hold them seal on write and open on read
 * through the cipher the server installs at start (a master key ring, services/crypto/master-key.ts).
 *
 * The cipher is per process, not per connection: a repository takes a transaction as readily as
 * the database, and every store a process opens belongs to one deployment with one master key.
 * Without a cipher (store tests), values are kept as given.
 */

/** What a sealed column holds; part of each value's authenticated data. Never rename one. */
export type AtRestPurpose = 'client secret' | 'signing key' | 'access key' | 'server secret';

/** Seals and opens column values; `owner` (the row's key) binds a value to its row. */
export interface AtRestCipher {
  seal(purpose: AtRestPurpose, owner: string, plain: string): string;
  open(purpose: AtRestPurpose, owner: string, value: string): string;
  /** True when `value` is sealed with the key that seals new values. */
  isCurrent(value: string): boolean;
}

/** Prefix of every sealed value (`mk1.<key id>.<iv|tag|ciphertext>`); plaintext never has it. */
export const SEALED_PREFIX = 'mk1.';

let cipher: AtRestCipher | undefined;

/** Installs the cipher every repository of this process seals and opens secrets with. */
export function useAtRestCipher(c: AtRestCipher | undefined): void {
  cipher = c;
}

/** The installed cipher, if any. */
export function atRestCipher(): AtRestCipher | undefined {
  return cipher;
}

/** Seals `plain` for its row, or keeps it as is when no cipher is installed. */
export function sealAtRest(purpose: AtRestPurpose, owner: string, plain: string): string {
  return cipher ? cipher.seal(purpose, owner, plain) : plain;
}

/** Opens a stored value; a value from before encryption (no prefix) is returned as it is. */
export function openAtRest(purpose: AtRestPurpose, owner: string, value: string): string {
  if (!value.startsWith(SEALED_PREFIX)) return value;
  if (!cipher) throw new Error('a sealed secret was read, but no master key is installed');
  return cipher.open(purpose, owner, value);
}
