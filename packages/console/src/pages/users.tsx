// The Users page: a paged list (ListUsers with PaginationToken), search by an attribute (custom
// ones too: the server's filter covers them), create, export to CSV and import from CSV.
import { useEffect, useState } from 'preact/hooks';
import { idp } from '../api';
import { poolHref } from '../route';
import { UserImport } from './user-import';
import { CreateUserDialog } from './users-create';
import {
  attr,
  csvField,
  download,
  fmtDate,
  quoteFilter,
  SEARCHABLE,
  StatusLine,
  type UserLike,
  useStatus,
} from './users-kit';

/** A search: one attribute, starts-with (`^=`) or equals (`=`), a value. */
interface Query {
  attribute: string;
  op: '^=' | '=';
  value: string;
}

interface PageOfUsers {
  users: UserLike[];
  /** The next page's cursor: ListUsers' PaginationToken. */
  next?: string;
}

const SIZES = [10, 20, 30, 60];
const isCustom = (name: string) => name.startsWith('custom:');

/** Every user of the pool, page by page (60 a call, ListUsers' largest page). */
async function allUsers(poolId: string, progress: (n: number) => void): Promise<UserLike[]> {
  const out: UserLike[] = [];
  let token: string | undefined;
  do {
    const r = await idp('ListUsers', { UserPoolId: poolId, Limit: 60, PaginationToken: token });
    out.push(...(r.Users ?? []));
    progress(out.length);
    token = r.PaginationToken;
  } while (token);
  return out;
}

/** The Users page of pool `poolId`. */
export function UsersPage(p: { poolId: string }) {
  const { poolId } = p;
  // biome-ignore lint/suspicious/noExplicitAny: DescribeUserPool's UserPoolType.
  const [pool, setPool] = useState<any>();
  const [size, setSize] = useState(20);
  const [query, setQuery] = useState<Query>();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<PageOfUsers>();
  const [draft, setDraft] = useState<Query>({ attribute: 'username', op: '^=', value: '' });
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [reloads, setReloads] = useState(0);
  const [created, setCreated] = useState('');
  const s = useStatus();

  useEffect(() => {
    idp('DescribeUserPool', { UserPoolId: poolId })
      .then((r) => setPool(r.UserPool))
      .catch(() => undefined);
  }, [poolId]);

  const customAttrs: string[] = (pool?.SchemaAttributes ?? [])
    .map((a: { Name: string }) => a.Name)
    .filter(isCustom);

  useEffect(() => {
    const cursor = cursors[cursors.length - 1];
    s.run('Loading users…', async () => {
      // Custom attributes too: the server indexes them (a Cognate extension of the filter).
      const r = await idp('ListUsers', {
        UserPoolId: poolId,
        Limit: size,
        PaginationToken: cursor,
        Filter: query ? `${query.attribute} ${query.op} ${quoteFilter(query.value)}` : undefined,
      });
      const result: PageOfUsers = { users: r.Users ?? [], next: r.PaginationToken };
      setPage(result);
      const n = result.users.length;
      s.setStatus(
        `${n === 0 ? 'No users' : n === 1 ? '1 user' : `${n} users`} on page ${cursors.length}${query ? ' matching the search' : ''}.`,
      );
    });
  }, [poolId, size, query, cursors, reloads]);

  const restart = () => setCursors([undefined]);

  function search(e: Event) {
    e.preventDefault();
    setCreated('');
    setQuery(draft.value === '' ? undefined : { ...draft });
    restart();
  }

  async function exportCsv() {
    const users = await s.run('Reading users for the export…', () =>
      allUsers(poolId, (n) => s.setStatus(`Exporting… ${n} users read`)),
    );
    if (!users) return;
    const names = [...new Set(users.flatMap((u) => (u.Attributes ?? []).map((a) => a.Name)))];
    const head = ['username', 'status', 'enabled', 'created', 'modified', ...names];
    const rows = users.map((u) =>
      [
        u.Username,
        u.UserStatus,
        String(u.Enabled),
        new Date(Number(u.UserCreateDate) * 1000).toISOString(),
        new Date(Number(u.UserLastModifiedDate) * 1000).toISOString(),
        ...names.map((n) => attr(u, n)),
      ]
        .map(csvField)
        .join(','),
    );
    download(`${poolId}-users.csv`, `${[head.join(','), ...rows].join('\r\n')}\r\n`);
    s.setStatus(`Exported ${users.length} users.`);
  }

  return (
    <>
      <div class="spread">
        <h1>
          Users <span class="muted">{poolId}</span>
        </h1>
        <div class="row">
          <button type="button" onClick={() => setCreating(true)}>
            Create user
          </button>
          <button
            type="button"
            class="secondary"
            aria-expanded={importing}
            onClick={() => setImporting(!importing)}
          >
            Import CSV
          </button>
          <button type="button" class="secondary" onClick={exportCsv} disabled={s.busy}>
            Export CSV
          </button>
        </div>
      </div>

      {importing && (
        <UserImport
          poolId={poolId}
          onFinished={() => {
            setReloads(reloads + 1);
            restart();
          }}
        />
      )}

      <form class="panel search" onSubmit={search}>
        <div class="grid">
          <label class="field">
            <span>Attribute</span>
            <select
              value={draft.attribute}
              onChange={(e) => setDraft({ ...draft, attribute: e.currentTarget.value })}
            >
              <optgroup label="Standard">
                {SEARCHABLE.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </optgroup>
              {customAttrs.length > 0 && (
                <optgroup label="Custom">
                  {customAttrs.map((a) => (
                    <option key={a} value={a}>
                      {a}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          </label>
          <label class="field">
            <span>Match</span>
            <select
              value={draft.op}
              onChange={(e) => setDraft({ ...draft, op: e.currentTarget.value as Query['op'] })}
            >
              <option value="^=">starts with</option>
              <option value="=">equals</option>
            </select>
          </label>
          <label class="field">
            <span>Search users</span>
            <input
              type="search"
              value={draft.value}
              onInput={(e) => setDraft({ ...draft, value: e.currentTarget.value })}
            />
          </label>
        </div>
        <div class="row">
          <button type="submit">Search</button>
          {query && (
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setDraft({ ...draft, value: '' });
                setQuery(undefined);
                restart();
              }}
            >
              Clear search
            </button>
          )}
          <span class="hint">
            Uses the ListUsers filter; case-insensitive except status and sub.
          </span>
        </div>
      </form>

      <StatusLine status={created ? `${created} ${s.status}` : s.status} error={s.error} />

      <div class="table-wrap">
        <table class="nowrap">
          <caption class="visually-hidden">Users of {poolId}</caption>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Email</th>
              <th scope="col">Status</th>
              <th scope="col">Enabled</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {page?.users.map((u) => (
              <tr key={u.Username}>
                <th scope="row">
                  <a href={poolHref(poolId, 'users', u.Username)}>{u.Username}</a>
                </th>
                <td>{attr(u, 'email') ?? attr(u, 'phone_number') ?? ''}</td>
                <td>{u.UserStatus}</td>
                <td>{u.Enabled ? 'Enabled' : 'Disabled'}</td>
                <td>{fmtDate(u.UserCreateDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <nav class="spread pager" aria-label="Pages of users">
        <label class="row">
          <span>Users per page</span>
          <select
            value={size}
            onChange={(e) => {
              setSize(Number(e.currentTarget.value));
              restart();
            }}
          >
            {SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <div class="row">
          <button
            type="button"
            class="secondary"
            disabled={cursors.length < 2 || s.busy}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            Previous page
          </button>
          <span>Page {cursors.length}</span>
          <button
            type="button"
            class="secondary"
            disabled={!page?.next || s.busy}
            onClick={() => setCursors([...cursors, page?.next])}
          >
            Next page
          </button>
        </div>
      </nav>

      {creating && (
        <CreateUserDialog
          pool={pool}
          poolId={poolId}
          customAttrs={customAttrs}
          onClose={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            setCreated(`User ${name} created.`);
            setReloads(reloads + 1);
          }}
        />
      )}
    </>
  );
}
