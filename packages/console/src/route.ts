import { useEffect, useState } from 'preact/hooks';

/** The console's pages, parsed from `location.hash` (see the routes in docs/console.md). */
export type Route =
  | { page: 'sign-in' }
  | { page: 'pools' }
  | { page: 'authentication'; poolId: string }
  | { page: 'setup'; poolId: string }
  | { page: 'users'; poolId: string }
  | { page: 'user'; poolId: string; username: string }
  | { page: 'groups'; poolId: string; groupName?: string }
  | { page: 'outbox' }
  | { page: 'activity'; poolId: string }
  | { page: 'sessions' };

const POOL_KEY = 'cognate-console-pool';

/** Parses a hash such as `#/pools/us-east-1_abc/users/jo%40x.com`. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [head, poolId, section, rest] = parts;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  if (head === 'sign-in') return { page: 'sign-in' };
  if (head === 'outbox') return { page: 'outbox' };
  if (head === 'sessions') return { page: 'sessions' };
  if (head === 'pools' && poolId) {
    const id = decode(poolId);
    if (section === 'authentication') return { page: 'authentication', poolId: id };
    if (section === 'setup') return { page: 'setup', poolId: id };
    if (section === 'users' && rest) return { page: 'user', poolId: id, username: decode(rest) };
    if (section === 'users') return { page: 'users', poolId: id };
    if (section === 'groups')
      return { page: 'groups', poolId: id, groupName: rest ? decode(rest) : undefined };
    if (section === 'activity') return { page: 'activity', poolId: id };
    return { page: 'authentication', poolId: id };
  }
  return { page: 'pools' };
}

/** The current route; re-renders on every hash change. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** The last pool the admin picked (a pool id is not a secret), for the pool-scoped links. */
export function selectedPool(): string | undefined {
  try {
    return localStorage.getItem(POOL_KEY) ?? memoryPool;
  } catch {
    return memoryPool;
  }
}

let memoryPool: string | undefined;
const POOL_EVENT = 'cognate-console-pool';

/** Remembers `poolId` as the pool the pool-scoped links open. */
export function selectPool(poolId: string | undefined): void {
  if (poolId === memoryPool && poolId === selectedPool()) return;
  memoryPool = poolId;
  try {
    if (poolId) localStorage.setItem(POOL_KEY, poolId);
    else localStorage.removeItem(POOL_KEY);
  } catch {
    // Storage may be off (private mode): the choice lasts as long as the page.
  }
  dispatchEvent(new Event(POOL_EVENT));
}

/** The selected pool, re-rendering when another page selects one. */
export function useSelectedPool(): string | undefined {
  const [pool, setPool] = useState(selectedPool);
  useEffect(() => {
    const onChange = () => setPool(selectedPool());
    addEventListener(POOL_EVENT, onChange);
    return () => removeEventListener(POOL_EVENT, onChange);
  }, []);
  return pool;
}

/** The hash of a pool page, e.g. `poolHref('us-east-1_x', 'users')`. */
export function poolHref(poolId: string, section: string, tail?: string): string {
  const base = `#/pools/${encodeURIComponent(poolId)}/${section}`;
  return tail === undefined ? base : `${base}/${encodeURIComponent(tail)}`;
}

/** Goes to `hash` (a `#/…` string). */
export function navigate(hash: string): void {
  location.hash = hash;
}
