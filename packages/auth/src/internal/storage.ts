/** Where the library keeps sessions: any object with these four methods (Amplify's contract). */
export interface AuthStorage {
  setItem(key: string, value: string): unknown;
  getItem(key: string): string | null | undefined;
  removeItem(key: string): unknown;
  clear(): unknown;
  /** Optional: awaited before reading (async storages such as React Native's). */
  sync?(): Promise<unknown>;
}

/**
 * In-memory storage, the default where there is no `localStorage` (Node, workers). Data lives
 * as long as the instance.
 */
export class MemoryStorage implements AuthStorage {
  declare private readonly items: Map<string, string>;
  constructor() {
    this.items = new Map();
  }
  /** Stores `value` under `key` and returns it. */
  setItem(key: string, value: string): string {
    this.items.set(key, String(value));
    return value;
  }
  /** The value under `key`, or null. */
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  /** Removes `key`; true if it was there. */
  removeItem(key: string): boolean {
    return this.items.delete(key);
  }
  /** Removes everything. */
  clear(): Record<string, never> {
    this.items.clear();
    return {};
  }
}

/** True when `obj` has the four methods Amplify requires of a custom storage. */
export function isAuthStorage(obj: unknown): obj is AuthStorage {
  const o = obj as Record<string, unknown> | null;
  return (
    !!o &&
    typeof o.getItem === 'function' &&
    typeof o.setItem === 'function' &&
    typeof o.removeItem === 'function' &&
    typeof o.clear === 'function'
  );
}

let fallback: MemoryStorage | undefined;

/**
 * `localStorage` when it exists and works (browsers), else one shared in-memory storage, as
 * identity-js's StorageHelper chooses.
 */
export function defaultStorage(): AuthStorage {
  try {
    const local = (globalThis as { localStorage?: Storage }).localStorage;
    if (local) {
      // Safari private mode and locked-down frames throw on write.
      local.setItem('aws.cognito.test-ls', '1');
      local.removeItem('aws.cognito.test-ls');
      return local;
    }
  } catch {
    // fall through to memory
  }
  fallback ??= new MemoryStorage();
  return fallback;
}
