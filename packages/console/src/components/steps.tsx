// The deploy progress list: each step's state in words (not colour alone), in a live region.

/** One operation of a deploy. */
export interface Step {
  /** What it does, e.g. "UpdateUserPool". */
  operation: string;
  /** What it changes, shown beside the operation. */
  detail: string;
  state: 'pending' | 'running' | 'done' | 'failed';
  /** The Cognito error when it failed. */
  error?: string;
}

const LABEL: Record<Step['state'], string> = {
  pending: 'Pending',
  running: 'Running…',
  done: 'Done',
  failed: 'Failed',
};

/** The steps of a deploy, announced as they change. */
export function Steps(p: { steps: Step[]; label: string }) {
  return (
    <ol class="steps" aria-label={p.label} aria-live="polite">
      {p.steps.map((s, i) => (
        <li key={i}>
          <span class={`step-state state-${s.state}`}>{LABEL[s.state]}</span>{' '}
          <span class="op">{s.operation}</span> <span class="muted">{s.detail}</span>
          {s.error && (
            <div class="alert" role="alert">
              {s.error}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
