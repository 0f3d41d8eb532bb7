import { useState } from 'preact/hooks';
import { api, signOut } from '../api';
import { Alert, Status, useLoad } from '../components/ui';

interface AdminSession {
  sessionId: string;
  accessKeyId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  sourceIp?: string;
  userAgent?: string;
  current: boolean;
}

const when = (s: string) => new Date(s).toLocaleString();

/** "Chrome on Linux" from a user agent string (the full string is in the title). */
function browserOf(ua: string | undefined): string {
  if (!ua) return '';
  const name = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : /curl|node|undici/i.test(ua)
            ? 'a script'
            : 'a browser';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return os ? `${name} on ${os}` : name;
}

/** The admin's console sessions: where and when each was opened, each revocable. */
export function SessionsPage() {
  const list = useLoad(
    () => api<{ sessions: AdminSession[] }>('GET', 'sessions').then((r) => r.sessions),
    [],
  );
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState<string>();

  async function revoke(s: AdminSession) {
    setError(undefined);
    try {
      if (s.current) {
        await signOut();
        return;
      }
      await api('DELETE', `sessions/${encodeURIComponent(s.sessionId)}`);
      setStatus(`Session ${s.sessionId.slice(0, 8)} revoked.`);
      list.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <div class="spread">
        <h1>Admin sessions</h1>
        <button type="button" class="secondary" onClick={() => signOut().catch(setError)}>
          Sign out of this session
        </button>
      </div>
      <p class="muted">
        Console sign-ins with the server's admin keys. Revoking one signs that browser out at once.
      </p>
      <Alert error={error ?? list.error} />
      <Status text={status} />
      <div class="table-wrap panel">
        <table>
          <caption class="visually-hidden">Admin sessions</caption>
          <thead>
            <tr>
              <th scope="col">Access key</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
              <th scope="col">Expires</th>
              <th scope="col">From</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.loading && !list.data && (
              <tr>
                <td colSpan={6}>Loading…</td>
              </tr>
            )}
            {list.data?.map((s) => (
              <tr key={s.sessionId}>
                <td>
                  <code>{s.accessKeyId}</code>{' '}
                  {s.current && <span class="badge">this browser</span>}
                </td>
                <td>{when(s.createdAt)}</td>
                <td>{when(s.lastSeenAt)}</td>
                <td>{when(s.expiresAt)}</td>
                <td>
                  {s.sourceIp ?? ''}
                  <div class="hint" title={s.userAgent}>
                    {browserOf(s.userAgent)}
                  </div>
                </td>
                <td class="actions">
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Revoke session from ${when(s.createdAt)}${s.current ? ' (this browser)' : ''}`}
                    onClick={() => revoke(s)}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
