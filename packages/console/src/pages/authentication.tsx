// Authentication (per pool): every setting in sections over a draft held in the page; the plan
// lists what will change, operation by operation; "Save and deploy" runs the steps one after
// another with their progress, then reads the pool again.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { currentSession, errorText } from '../api';
import { type Step, Steps } from '../components/steps';
import { Alert, useLoad } from '../components/ui';
import { poolHref } from '../route';
import { ClientsSection, ProvidersSection } from './authentication-clients';
import {
  loadSettings,
  type PlanStep,
  type PoolSettings,
  planChanges,
} from './authentication-model';
import {
  AttributesSection,
  DomainSection,
  MfaSection,
  PasswordSection,
  RecoverySection,
  Section,
  SignInSection,
  TriggersSection,
  VerificationSection,
} from './authentication-sections';

const SECTIONS: [string, string][] = [
  ['auth-sign-in', 'Sign-in'],
  ['auth-attributes', 'Sign-up attributes'],
  ['auth-verification', 'Verification'],
  ['auth-mfa', 'MFA'],
  ['auth-password', 'Password policy'],
  ['auth-recovery', 'Account recovery'],
  ['auth-clients', 'App clients'],
  ['auth-domain', 'Domain and branding'],
  ['auth-triggers', 'Triggers'],
];

/** Where the hosted pages of `domain` live: `<publicUrl>/domains/<prefix>`, or a custom host. */
function domainBase(domain: string): string {
  if (domain.includes('.')) return `https://${domain}`;
  const endpoint = currentSession()?.endpoint ?? location.origin;
  return `${endpoint.replace(/\/$/, '')}/domains/${domain}`;
}

/** Scrolls to a section and focuses its heading (the hash holds the route, so it stays). */
function jumpTo(id: string): void {
  const el = document.getElementById(id);
  el?.scrollIntoView();
  el?.querySelector<HTMLElement>('h2')?.focus();
}

/** The Authentication page of one pool. */
export function AuthenticationPage(p: { poolId: string }) {
  const loaded = useLoad(() => loadSettings(p.poolId), [p.poolId]);
  const [draft, setDraft] = useState<PoolSettings>();
  const [steps, setSteps] = useState<Step[]>([]);
  const [deploying, setDeploying] = useState(false);
  const [summary, setSummary] = useState<string>();

  useEffect(() => {
    if (loaded.data) setDraft(structuredClone(loaded.data));
  }, [loaded.data]);

  const plan: PlanStep[] = useMemo(
    () => (loaded.data && draft ? planChanges(loaded.data, draft) : []),
    [loaded.data, draft],
  );

  const update = (edit: (d: PoolSettings) => void) => {
    setDraft((d) => {
      if (!d) return d;
      const next = structuredClone(d);
      edit(next);
      return next;
    });
    setSummary(undefined);
  };

  async function deploy() {
    const todo = plan;
    const list: Step[] = todo.map((s) => ({
      operation: s.operation,
      detail: s.target,
      state: 'pending',
    }));
    setSteps(list);
    setDeploying(true);
    setSummary(undefined);
    let failed = false;
    for (let i = 0; i < todo.length; i++) {
      list[i] = { ...list[i], state: 'running' };
      setSteps([...list]);
      try {
        await todo[i].run();
        list[i] = { ...list[i], state: 'done' };
      } catch (err) {
        list[i] = { ...list[i], state: 'failed', error: errorText(err) };
        failed = true;
      }
      setSteps([...list]);
      if (failed) break;
    }
    setDeploying(false);
    setSummary(
      failed
        ? 'Deploy stopped at a failed step; the pool was read again, and the plan shows what is left.'
        : `Deployed: ${todo.length} step${todo.length === 1 ? '' : 's'} done.`,
    );
    loaded.reload();
  }

  if (loaded.error && !loaded.data) {
    return (
      <>
        <h1>Authentication</h1>
        <Alert error={loaded.error} />
        <a href="#/pools">Back to pools</a>
      </>
    );
  }
  if (!draft || !loaded.data) {
    return (
      <>
        <h1>Authentication</h1>
        <p role="status">Loading…</p>
      </>
    );
  }
  const props = { draft, update };
  const redirect = draft.domain ? `${domainBase(draft.domain)}/oauth2/idpresponse` : undefined;

  return (
    <>
      <div class="spread">
        <div>
          <h1>Authentication</h1>
          <p class="muted">
            {draft.pool.Name} <code>{p.poolId}</code>
          </p>
        </div>
        <a class="button secondary" href={poolHref(p.poolId, 'setup')}>
          Local setup instructions
        </a>
      </div>
      <p class="pending" aria-live="polite">
        {plan.length > 0 && (
          <>
            {plan.length} change{plan.length === 1 ? '' : 's'} not deployed yet.{' '}
            <button type="button" class="link" onClick={() => jumpTo('auth-plan')}>
              Review the plan
            </button>
          </>
        )}
      </p>
      <nav aria-label="Sections">
        <ul class="sections">
          {SECTIONS.map(([id, name]) => (
            <li key={id}>
              <a
                href={`#${id}`}
                onClick={(e) => {
                  e.preventDefault();
                  jumpTo(id);
                }}
              >
                {name}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Section id="auth-sign-in" title="Sign-in">
        <SignInSection {...props} />
        <ProvidersSection {...props} redirectUrl={redirect} />
      </Section>
      <Section id="auth-attributes" title="Sign-up attributes">
        <AttributesSection {...props} />
      </Section>
      <Section id="auth-verification" title="Verification">
        <VerificationSection {...props} />
      </Section>
      <Section id="auth-mfa" title="Multi-factor authentication">
        <MfaSection {...props} />
      </Section>
      <Section id="auth-password" title="Password policy">
        <PasswordSection {...props} />
      </Section>
      <Section id="auth-recovery" title="Account recovery">
        <RecoverySection {...props} />
      </Section>
      <Section id="auth-clients" title="App clients">
        <ClientsSection {...props} />
      </Section>
      <Section id="auth-domain" title="Domain and branding">
        <DomainSection {...props} domainBase={domainBase} />
      </Section>
      <Section id="auth-triggers" title="Triggers">
        <TriggersSection {...props} />
      </Section>
      <section class="panel plan" id="auth-plan" aria-labelledby="plan-title">
        <h2 id="plan-title" tabIndex={-1}>
          Plan
        </h2>
        <PlanList plan={plan} />
        <div class="row">
          <button type="button" onClick={deploy} disabled={deploying || plan.length === 0}>
            Save and deploy
          </button>
          <button
            type="button"
            class="secondary"
            disabled={deploying || plan.length === 0}
            onClick={() => setDraft(structuredClone(loaded.data))}
          >
            Discard changes
          </button>
        </div>
        {steps.length > 0 && <Steps steps={steps} label="Deploy steps" />}
        <p role="status" aria-live="polite" class="hint">
          {summary ?? ''}
        </p>
      </section>
    </>
  );
}

/** The plan, as `cognate push` shows it: each operation, what it acts on, the fields it changes. */
function PlanList({ plan }: { plan: PlanStep[] }) {
  if (!plan.length) {
    return (
      <p class="muted" aria-live="polite">
        No changes. Edit a setting above to see the plan.
      </p>
    );
  }
  return (
    <ul aria-label="Planned changes" aria-live="polite">
      {plan.map((s, i) => (
        <li key={i}>
          <span class="op">{s.operation}</span> <span class="muted">{s.target}</span>
          {s.changes.length > 0 && (
            <ul>
              {s.changes.map((c) => (
                <li key={c.field}>
                  <code>{c.field}</code>: {c.from} → <strong>{c.to}</strong>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
