// A user's sign-in history (AdminListUserAuthEvents), newest first, a page at a time.
import { useEffect, useState } from 'preact/hooks';
import { idp } from '../api';
import { fmtDate, StatusLine, useStatus } from './users-kit';

interface AuthEvent {
  EventId: string;
  EventType: string;
  CreationDate: number;
  EventResponse: string;
  ChallengeResponses?: { ChallengeName: string; ChallengeResponse: string }[];
}

const PAGE = 20;

/** The sign-in history panel of the user page; `version` re-reads it after an action. */
export function SignInHistory(p: { poolId: string; username: string; version: number }) {
  const [events, setEvents] = useState<AuthEvent[]>([]);
  const [next, setNext] = useState<string>();
  const s = useStatus();

  async function load(token?: string) {
    await s.load(async () => {
      const r = await idp('AdminListUserAuthEvents', {
        UserPoolId: p.poolId,
        Username: p.username,
        MaxResults: PAGE,
        NextToken: token,
      });
      setEvents((old) => (token ? [...old, ...(r.AuthEvents ?? [])] : (r.AuthEvents ?? [])));
      setNext(r.NextToken);
    });
  }

  useEffect(() => {
    load();
  }, [p.poolId, p.username, p.version]);

  return (
    <section class="panel" aria-labelledby="user-history">
      <h2 id="user-history">Sign-in history</h2>
      <StatusLine status={s.status} error={s.error} />
      {events.length === 0 ? (
        <p class="muted">No events recorded.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Result</th>
                <th scope="col">Checks</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.EventId}>
                  <td>{fmtDate(e.CreationDate)}</td>
                  <td>{e.EventType}</td>
                  <td class={e.EventResponse === 'Fail' ? 'state-failed' : undefined}>
                    {e.EventResponse}
                  </td>
                  <td>
                    {(e.ChallengeResponses ?? [])
                      .map((c) => `${c.ChallengeName}: ${c.ChallengeResponse}`)
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" class="secondary" disabled={s.busy} onClick={() => load(next)}>
          Show older events
        </button>
      )}
    </section>
  );
}
