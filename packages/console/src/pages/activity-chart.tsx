// An hourly bar chart in hand-written SVG, as a <figure>: the caption names it, the SVG carries a
// one-line summary for screen readers, and a table of the non-zero hours is the text alternative.

/** One bar: the hour it counts (ISO) and its count. */
export interface Point {
  hour: string;
  value: number;
}

const W = 720;
const H = 160;
const PAD = { left: 34, right: 6, top: 10, bottom: 28 };

const hourLabel = (iso: string) =>
  new Date(iso).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
const dayLabel = (d: Date) => d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });

/** The chart of `points` (one per hour, in order), drawn in the series colour `tone`. */
export function HourlyChart(p: { title: string; points: Point[]; tone: string; unit: string }) {
  const max = Math.max(1, ...p.points.map((x) => x.value));
  const total = p.points.reduce((n, x) => n + x.value, 0);
  const peak = p.points.reduce((a, b) => (b.value > a.value ? b : a), p.points[0]);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / Math.max(p.points.length, 1);
  const bar = Math.max(step - 1, 1);
  const nonZero = p.points.filter((x) => x.value > 0);
  const summary =
    total === 0
      ? `${p.title}: none in this period.`
      : `${p.title}: ${total} in this period, at most ${peak.value} in one hour (${hourLabel(peak.hour)}).`;
  // Local midnights get a tick and a date, at most about eight of them.
  const days = p.points
    .map((x, i) => ({ i, d: new Date(x.hour) }))
    .filter(({ d }) => d.getHours() === 0);
  const every = Math.max(1, Math.ceil(days.length / 8));

  return (
    <figure class="chart panel">
      <figcaption>
        <strong>{p.title}</strong> <span class="muted">per hour · total {total}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} class={`tone-${p.tone}`}>
        <line
          class="axis"
          x1={PAD.left}
          x2={W - PAD.right}
          y1={H - PAD.bottom}
          y2={H - PAD.bottom}
        />
        <text class="tick" x={PAD.left - 4} y={PAD.top + 4} text-anchor="end">
          {max}
        </text>
        <text class="tick" x={PAD.left - 4} y={H - PAD.bottom} text-anchor="end">
          0
        </text>
        <line class="grid-line" x1={PAD.left} x2={W - PAD.right} y1={PAD.top} y2={PAD.top} />
        {p.points.map((x, i) =>
          x.value > 0 ? (
            <rect
              key={x.hour}
              class="bar"
              x={PAD.left + i * step}
              width={bar}
              y={PAD.top + plotH - (x.value / max) * plotH}
              height={(x.value / max) * plotH}
            >
              <title>{`${hourLabel(x.hour)}: ${x.value} ${p.unit}`}</title>
            </rect>
          ) : null,
        )}
        {days
          .filter((_, k) => k % every === 0)
          .map(({ i, d }) => (
            <g key={i}>
              <line
                class="axis"
                x1={PAD.left + i * step}
                x2={PAD.left + i * step}
                y1={H - PAD.bottom}
                y2={H - PAD.bottom + 4}
              />
              <text class="tick" x={PAD.left + i * step} y={H - 3} text-anchor="middle">
                {dayLabel(d)}
              </text>
            </g>
          ))}
      </svg>
      <details>
        <summary>Data table: {p.title.toLowerCase()}</summary>
        {nonZero.length === 0 ? (
          <p class="muted">No {p.unit} in this period.</p>
        ) : (
          <table>
            <caption class="visually-hidden">{p.title} per hour (hours with none left out)</caption>
            <thead>
              <tr>
                <th scope="col">Hour</th>
                <th scope="col">{p.title}</th>
              </tr>
            </thead>
            <tbody>
              {nonZero.map((x) => (
                <tr key={x.hour}>
                  <th scope="row">{hourLabel(x.hour)}</th>
                  <td>{x.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </figure>
  );
}
