// The dev outbox: every email and SMS the server sent or would have sent, newest first, with the
// code each carries highlighted (GET /console/api/outbox).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { fmtDate, StatusLine, useStatus } from './users-kit';

interface Message {
  id?: string;
  userPoolId: string;
  username: string;
  channel: 'EMAIL' | 'SMS';
  destination: string;
  subject?: string;
  body: string;
  code?: string;
  createdAt: string;
}

const LIMIT = 100;

/** The body with each occurrence of the code marked. */
function Highlighted(p: { body: string; code?: string }) {
  if (!p.code) return <>{p.body}</>;
  const parts = p.body.split(p.code);
  return (
    <>
      {parts.map((part, i) => (
        <span key={i}>
          {part}
          {i < parts.length - 1 && <mark>{p.code}</mark>}
        </span>
      ))}
    </>
  );
}

/** The Outbox page. */
export function OutboxPage() {
  const [messages, setMessages] = useState<Message[]>();
  const [username, setUsername] = useState('');
  const [filter, setFilter] = useState('');
  const [missing, setMissing] = useState(false);
  const [version, setVersion] = useState(0);
  const s = useStatus();

  useEffect(() => {
    const q = new URLSearchParams({ limit: String(LIMIT) });
    if (filter) q.set('username', filter);
    s.run('Loading messages…', async () => {
      try {
        const r = await api<{ messages: Message[] }>('GET', `outbox?${q}`);
        setMessages(r.messages);
        setMissing(false);
        const n = r.messages.length;
        s.setStatus(`${n === 1 ? '1 message' : `${n} messages`}${filter ? ` for ${filter}` : ''}.`);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) {
          setMissing(true);
          s.setStatus('');
          return;
        }
        throw err;
      }
    });
  }, [filter, version]);

  return (
    <>
      <h1>Outbox</h1>
      <p class="hint">
        Messages the server sent or would have sent (email and SMS), newest first, each with its
        code.
      </p>
      <form
        class="row panel"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(username.trim());
          setVersion(version + 1);
        }}
      >
        <label class="row grow">
          <span>Filter by username</span>
          <input
            type="search"
            placeholder="username or address"
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Filter</button>
        <button
          type="button"
          class="secondary"
          disabled={s.busy}
          onClick={() => setVersion(version + 1)}
        >
          Refresh
        </button>
      </form>
      <StatusLine status={s.status} error={s.error} />
      {missing && (
        <p class="panel">
          The outbox is served in development mode or on a loopback address only; this server sends
          its messages and keeps no outbox page.
        </p>
      )}
      {messages && messages.length === 0 && <p class="muted">No messages.</p>}
      {messages && messages.length > 0 && (
        <ol class="plain outbox">
          {messages.map((m, i) => (
            <li key={m.id ?? i} class="panel">
              <div class="spread">
                <span>
                  <span class="badge">{m.channel}</span> to <strong>{m.destination}</strong>{' '}
                  <span class="muted">
                    ({m.username}, {m.userPoolId})
                  </span>
                </span>
                <span class="muted">{fmtDate(m.createdAt)}</span>
              </div>
              {m.subject && <h2 class="subject">{m.subject}</h2>}
              {m.code && (
                <p>
                  Code: <mark class="code">{m.code}</mark>
                </p>
              )}
              <details>
                <summary>Message text</summary>
                <p class="preview">
                  <Highlighted body={m.body} code={m.code} />
                </p>
              </details>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
