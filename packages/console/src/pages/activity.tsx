// The Activity page: sign-ins, failures and sign-ups per hour over the last days, and lockouts,
// counted from the stored auth events (GET /console/api/activity).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { HourlyChart, type Point } from './activity-chart';
import { StatusLine, useStatus } from './users-kit';

interface Hour {
  hour: string;
  signIns: number;
  failures: number;
  signUps: number;
  lockouts: number;
}

interface Activity {
  from: string;
  to: string;
  hours: Hour[];
  totals: Omit<Hour, 'hour'>;
}

const HOUR = 3_600_000;
const PERIODS = [1, 3, 7, 14, 30];

/** Every hour from `from` to `to`, zero where the server listed none. */
function hourly(a: Activity, key: keyof Omit<Hour, 'hour'>): Point[] {
  const byHour = new Map(a.hours.map((h) => [Date.parse(h.hour), h[key]]));
  const start = Math.floor(Date.parse(a.from) / HOUR) * HOUR;
  const end = Date.parse(a.to);
  const out: Point[] = [];
  for (let t = start; t < end; t += HOUR) {
    out.push({ hour: new Date(t).toISOString(), value: byHour.get(t) ?? 0 });
  }
  return out;
}

/** The Activity page of pool `poolId`. */
export function ActivityPage(p: { poolId: string }) {
  const [days, setDays] = useState(7);
  const [data, setData] = useState<Activity>();
  const [version, setVersion] = useState(0);
  const s = useStatus();

  useEffect(() => {
    const q = new URLSearchParams({ userPoolId: p.poolId, days: String(days) });
    s.run(
      'Loading activity…',
      async () => setData(await api<Activity>('GET', `activity?${q}`)),
      `Activity of the last ${days === 1 ? 'day' : `${days} days`} loaded.`,
    );
  }, [p.poolId, days, version]);

  const lockoutHours = data?.hours.filter((h) => h.lockouts > 0) ?? [];

  return (
    <>
      <div class="spread">
        <h1>
          Activity <span class="muted">{p.poolId}</span>
        </h1>
        <div class="row">
          <label class="row">
            <span>Period</span>
            <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
              {PERIODS.map((d) => (
                <option key={d} value={d}>
                  {d === 1 ? 'Last day' : `Last ${d} days`}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            class="secondary"
            disabled={s.busy}
            onClick={() => setVersion(version + 1)}
          >
            Refresh
          </button>
        </div>
      </div>
      <StatusLine status={s.status} error={s.error} />
      {data && (
        <>
          <dl class="totals">
            <div class="panel">
              <dt>Sign-ins</dt>
              <dd>{data.totals.signIns}</dd>
            </div>
            <div class="panel">
              <dt>Failures</dt>
              <dd>{data.totals.failures}</dd>
            </div>
            <div class="panel">
              <dt>Sign-ups</dt>
              <dd>{data.totals.signUps}</dd>
            </div>
            <div class="panel">
              <dt>Lockouts</dt>
              <dd>{data.totals.lockouts}</dd>
            </div>
          </dl>
          <HourlyChart
            title="Sign-ins"
            unit="sign-ins"
            tone="ok"
            points={hourly(data, 'signIns')}
          />
          <HourlyChart
            title="Failures"
            unit="failed sign-ins"
            tone="danger"
            points={hourly(data, 'failures')}
          />
          <HourlyChart
            title="Sign-ups"
            unit="sign-ups"
            tone="accent"
            points={hourly(data, 'signUps')}
          />
          <section class="panel" aria-labelledby="lockouts">
            <h2 id="lockouts">Lockouts</h2>
            {lockoutHours.length === 0 ? (
              <p class="muted">No account was locked out in this period.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Hour</th>
                    <th scope="col">Lockouts</th>
                  </tr>
                </thead>
                <tbody>
                  {lockoutHours.map((h) => (
                    <tr key={h.hour}>
                      <th scope="row">{new Date(h.hour).toLocaleString()}</th>
                      <td>{h.lockouts}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </>
  );
}
