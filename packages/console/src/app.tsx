import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type ConsoleSession, currentSession, onSession, restoreSession, signOut } from './api';
import { ActivityPage } from './pages/activity';
import { AuthenticationPage } from './pages/authentication';
import { GroupsPage } from './pages/groups';
import { OutboxPage } from './pages/outbox';
import { PoolsPage } from './pages/pools';
import { SessionsPage } from './pages/sessions';
import { SetupPage } from './pages/setup';
import { SignInPage } from './pages/sign-in';
import { UserDetailPage } from './pages/user-detail';
import { UsersPage } from './pages/users';
import { poolHref, type Route, selectPool, useRoute, useSelectedPool } from './route';

/** The console: signs in first, then the layout (header, main navigation) around the page. */
export function App() {
  const route = useRoute();
  const [session, setSession] = useState<ConsoleSession | undefined>(currentSession());
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    const off = onSession(setSession);
    restoreSession()
      .catch(() => undefined)
      .finally(() => setChecked(true));
    return off;
  }, []);

  const routePool = 'poolId' in route ? route.poolId : undefined;
  useEffect(() => {
    if (routePool) selectPool(routePool);
  }, [routePool]);

  if (!checked) {
    return (
      <main id="main" class="center">
        <p role="status">Loading…</p>
      </main>
    );
  }
  if (!session || route.page === 'sign-in') {
    return <SignInPage signedIn={!!session} />;
  }
  return (
    <Layout route={route} session={session}>
      <Page route={route} />
    </Layout>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'authentication':
      return <AuthenticationPage poolId={route.poolId} />;
    case 'setup':
      return <SetupPage poolId={route.poolId} />;
    case 'users':
      return <UsersPage poolId={route.poolId} />;
    case 'user':
      return <UserDetailPage poolId={route.poolId} username={route.username} />;
    case 'groups':
      return <GroupsPage poolId={route.poolId} groupName={route.groupName} />;
    case 'outbox':
      return <OutboxPage />;
    case 'activity':
      return <ActivityPage poolId={route.poolId} />;
    case 'sessions':
      return <SessionsPage />;
    default:
      return <PoolsPage />;
  }
}

const SECTION: Partial<Record<Route['page'], string>> = {
  pools: 'Pools',
  authentication: 'Authentication',
  setup: 'Authentication',
  users: 'Users',
  user: 'Users',
  groups: 'Groups',
  outbox: 'Outbox',
  activity: 'Activity',
};

function Layout(p: { route: Route; session: ConsoleSession; children: ComponentChildren }) {
  const main = useRef<HTMLElement>(null);
  const pool = useSelectedPool();
  const scoped = (section: string) => (pool ? poolHref(pool, section) : '#/pools');
  const links: [string, string][] = [
    ['Pools', '#/pools'],
    ['Authentication', scoped('authentication')],
    ['Users', scoped('users')],
    ['Groups', scoped('groups')],
    ['Outbox', '#/outbox'],
    ['Activity', scoped('activity')],
  ];
  const active = SECTION[p.route.page];
  const routeKey = JSON.stringify(p.route);

  // A new page moves focus to its main region, so keyboard and screen-reader users start there.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [routeKey]);

  return (
    <div class="shell">
      {/* A button, not a link: the hash holds the route. */}
      <button type="button" class="skip" onClick={() => main.current?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <a class="brand" href="#/pools">
          Cognate <span>console</span>
        </a>
        <nav aria-label="Main" class="main-nav">
          <ul>
            {links.map(([name, href]) => (
              <li key={name}>
                <a href={href} aria-current={active === name ? 'page' : undefined}>
                  {name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <a
            href="#/sessions"
            class="key"
            title="Admin sessions"
            aria-current={p.route.page === 'sessions' ? 'page' : undefined}
          >
            <span class="visually-hidden">Sessions, signed in as </span>
            {p.session.accessKeyId}
          </a>
          <button type="button" class="secondary" onClick={() => signOut().catch(() => undefined)}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {p.children}
      </main>
    </div>
  );
}
