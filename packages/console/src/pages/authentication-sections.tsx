// The Authentication page's sections over the draft: sign-in (read-only mechanisms), sign-up
// attributes, verification with a message preview, MFA, password policy, account recovery,
// domain and branding, triggers. Each edit changes the draft only; the plan shows it.
import { useState } from 'preact/hooks';
import { MFA_MODES, MFA_TYPES, STANDARD_ATTRIBUTES, TRIGGERS } from '../components/cognito';
import { Check, CheckList, Radios, Select, TextArea, TextField } from '../components/ui';
import type { PoolSettings } from './authentication-model';

// biome-ignore lint/suspicious/noExplicitAny: Cognito shapes are wide and edited in place.
type Json = Record<string, any>;

/** Props of every section: the draft and a way to change it. */
export interface SectionProps {
  draft: PoolSettings;
  /** Applies `edit` to a copy of the draft. */
  update: (edit: (d: PoolSettings) => void) => void;
}

/** A titled panel with an id the in-page links jump to. */
export function Section(p: { id: string; title: string; children: preact.ComponentChildren }) {
  return (
    <section class="panel" id={p.id} aria-labelledby={`${p.id}-title`}>
      <h2 id={`${p.id}-title`} tabIndex={-1}>
        {p.title}
      </h2>
      {p.children}
    </section>
  );
}

/** How users sign in: fixed when the pool is created (Cognito cannot change it after). */
export function SignInSection({ draft }: SectionProps) {
  const pool = draft.pool;
  const via: string[] = pool.UsernameAttributes ?? [];
  const aliases: string[] = pool.AliasAttributes ?? [];
  const words = via.length
    ? via.map((a) => STANDARD_ATTRIBUTES[a] ?? a).join(' or ')
    : `Username${aliases.length ? ` (or ${aliases.join(', ')})` : ''}`;
  return (
    <>
      <p>
        Users sign in with: <strong>{words}</strong>.{' '}
        {pool.UsernameConfiguration?.CaseSensitive === false && (
          <span class="muted">Not case sensitive.</span>
        )}
      </p>
      <p class="hint">
        Sign-in attributes are fixed when a pool is created; to change them, create a new pool.
      </p>
    </>
  );
}

/** Required standard attributes (fixed) and custom attributes (added, never removed). */
export function AttributesSection({ draft, update }: SectionProps) {
  const schema: Json[] = draft.pool.SchemaAttributes ?? [];
  const required = schema
    .filter((a) => a.Required && a.Name !== 'sub')
    .map((a) => a.Name as string);
  const custom = schema.filter((a) => String(a.Name).startsWith('custom:'));
  const [name, setName] = useState('');
  const [type, setType] = useState<'String' | 'Number'>('String');
  const [mutable, setMutable] = useState(true);
  const valid = /^[\w-]{1,20}$/.test(name);
  return (
    <>
      <p>
        Required at sign-up:{' '}
        <strong>{required.map((a) => STANDARD_ATTRIBUTES[a] ?? a).join(', ') || 'none'}</strong>
        <span class="hint"> (fixed when the pool was created)</span>
      </p>
      <h3>Custom attributes</h3>
      <ul>
        {custom.map((a) => (
          <li key={a.Name}>
            <code>{a.Name}</code> {a.AttributeDataType}
            {a.Mutable === false ? ', immutable' : ''}
          </li>
        ))}
        {draft.newAttributes.map((a) => (
          <li key={a.name}>
            <code>custom:{a.name}</code> {a.type}
            {a.mutable ? '' : ', immutable'} <span class="badge">to add</span>{' '}
            <button
              type="button"
              class="link"
              aria-label={`Remove custom:${a.name} from the plan`}
              onClick={() =>
                update((d) => {
                  d.newAttributes = d.newAttributes.filter((x) => x.name !== a.name);
                })
              }
            >
              Remove
            </button>
          </li>
        ))}
        {!custom.length && !draft.newAttributes.length && <li class="muted">None.</li>}
      </ul>
      <div class="grid">
        <TextField
          label="New custom attribute name"
          value={name}
          onValue={setName}
          hint="1 to 20 letters, digits, _ or -; stored as custom:<name>."
          spellcheck={false}
        />
        <Select
          label="Type"
          value={type}
          options={[
            ['String', 'String'],
            ['Number', 'Number'],
          ]}
          onValue={(v) => setType(v as 'String' | 'Number')}
        />
      </div>
      <div class="row">
        <Check label="Users may change it" checked={mutable} onChange={setMutable} />
        <button
          type="button"
          class="secondary"
          disabled={!valid}
          onClick={() => {
            update((d) => {
              d.newAttributes.push({ name, type, mutable });
            });
            setName('');
          }}
        >
          Add custom attribute
        </button>
      </div>
    </>
  );
}

/** Cognito's messages for templates left empty. */
const VERIFICATION_DEFAULTS = {
  EmailSubject: 'Your verification code',
  EmailMessage: 'Your verification code is {####}. ',
  SmsMessage: 'Your verification code is {####}. ',
  EmailSubjectByLink: 'Your verification link',
  EmailMessageByLink:
    'Please click the link below to verify your email address. {##Verify Email##} ',
};

const compact = (o: Json | undefined): Json =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined && v !== ''));

const fill = (s: string | undefined, link: boolean) =>
  (s ?? '')
    .replace(/\{####\}/g, '123456')
    .replace(/\{##(.*?)##\}/g, link ? '[$1](https://…/confirm)' : '$1')
    .replace(/\{username\}/g, 'jane');

/** Which attributes are verified, code or link, and the message templates with a preview. */
export function VerificationSection({ draft, update }: SectionProps) {
  const pool = draft.pool;
  // What Cognito sends when a template is left empty.
  const t: Json = { ...VERIFICATION_DEFAULTS, ...compact(pool.VerificationMessageTemplate) };
  const link = t.DefaultEmailOption === 'CONFIRM_WITH_LINK';
  const setT = (patch: Json) =>
    update((d) => {
      const next = {
        ...VERIFICATION_DEFAULTS,
        ...compact(d.pool.VerificationMessageTemplate),
        ...patch,
      };
      d.pool.VerificationMessageTemplate = next;
      // The older members say the same; kept equal so the two never disagree.
      d.pool.EmailVerificationMessage = next.EmailMessage;
      d.pool.EmailVerificationSubject = next.EmailSubject;
      d.pool.SmsVerificationMessage = next.SmsMessage;
    });
  return (
    <>
      <CheckList
        legend="Verify these attributes at sign-up"
        options={[
          ['email', 'Email'],
          ['phone_number', 'Phone number'],
        ]}
        value={pool.AutoVerifiedAttributes ?? []}
        onValue={(v) =>
          update((d) => {
            d.pool.AutoVerifiedAttributes = v;
          })
        }
      />
      <Radios
        legend="Email verification"
        name="email-verification"
        value={t.DefaultEmailOption ?? 'CONFIRM_WITH_CODE'}
        options={[
          ['CONFIRM_WITH_CODE', 'Code'],
          ['CONFIRM_WITH_LINK', 'Link'],
        ]}
        onValue={(v) => setT({ DefaultEmailOption: v })}
      />
      {link ? (
        <div class="grid">
          <TextField
            label="Email subject (link)"
            value={t.EmailSubjectByLink}
            onValue={(v) => setT({ EmailSubjectByLink: v })}
          />
          <TextArea
            label="Email message (link)"
            value={t.EmailMessageByLink}
            onValue={(v) => setT({ EmailMessageByLink: v })}
            hint="{##Click here##} becomes the link."
            rows={3}
          />
        </div>
      ) : (
        <div class="grid">
          <TextField
            label="Email subject"
            value={t.EmailSubject}
            onValue={(v) => setT({ EmailSubject: v })}
          />
          <TextArea
            label="Email message"
            value={t.EmailMessage}
            onValue={(v) => setT({ EmailMessage: v })}
            hint="{####} becomes the code."
            rows={3}
          />
        </div>
      )}
      <TextField
        label="SMS verification message"
        value={t.SmsMessage}
        onValue={(v) => setT({ SmsMessage: v })}
        hint="{####} becomes the code."
      />
      <h3 id="verification-preview">Preview</h3>
      <section class="preview" aria-labelledby="verification-preview">
        <strong>{fill(link ? t.EmailSubjectByLink : t.EmailSubject, link)}</strong>
        {'\n'}
        {fill(link ? t.EmailMessageByLink : t.EmailMessage, link)}
        {'\n\n'}
        <span class="muted">SMS: </span>
        {fill(t.SmsMessage, false)}
      </section>
    </>
  );
}

/** MFA mode and factors (SetUserPoolMfaConfig). */
export function MfaSection({ draft, update }: SectionProps) {
  const m = draft.mfa;
  return (
    <>
      <Radios
        legend="MFA"
        name="mfa-mode"
        value={m.mode}
        options={MFA_MODES}
        onValue={(v) =>
          update((d) => {
            d.mfa.mode = v as typeof m.mode;
            if (v !== 'OFF' && !d.mfa.types.length) d.mfa.types = ['TOTP'];
          })
        }
      />
      {m.mode !== 'OFF' && (
        <>
          <CheckList
            legend="MFA types"
            options={MFA_TYPES}
            value={m.types}
            onValue={(v) =>
              update((d) => {
                d.mfa.types = v;
              })
            }
          />
          {m.types.includes('SMS') && (
            <TextField
              label="SMS message"
              value={m.smsMessage}
              onValue={(v) =>
                update((d) => {
                  d.mfa.smsMessage = v;
                })
              }
              hint="Must contain {####}, where the code goes."
            />
          )}
          {m.types.includes('EMAIL') && (
            <div class="grid">
              <TextField
                label="MFA email subject"
                value={m.emailSubject}
                onValue={(v) =>
                  update((d) => {
                    d.mfa.emailSubject = v;
                  })
                }
              />
              <TextField
                label="MFA email message"
                value={m.emailMessage}
                onValue={(v) =>
                  update((d) => {
                    d.mfa.emailMessage = v;
                  })
                }
              />
            </div>
          )}
        </>
      )}
    </>
  );
}

/** Password policy (Policies.PasswordPolicy). */
export function PasswordSection({ draft, update }: SectionProps) {
  const pp: Json = draft.pool.Policies?.PasswordPolicy ?? {};
  const set = (patch: Json) =>
    update((d) => {
      d.pool.Policies = {
        ...(d.pool.Policies ?? {}),
        PasswordPolicy: { ...(d.pool.Policies?.PasswordPolicy ?? {}), ...patch },
      };
    });
  const num = (v: string) => (v === '' ? undefined : Number(v));
  return (
    <>
      <div class="grid">
        <TextField
          label="Minimum length"
          type="number"
          min={6}
          max={99}
          value={pp.MinimumLength}
          onValue={(v) => set({ MinimumLength: num(v) })}
        />
        <TextField
          label="Temporary password valid for (days)"
          type="number"
          min={0}
          max={365}
          value={pp.TemporaryPasswordValidityDays}
          onValue={(v) => set({ TemporaryPasswordValidityDays: num(v) })}
        />
      </div>
      <fieldset>
        <legend>Passwords must contain</legend>
        <div class="checks">
          <Check
            label="Lowercase letters"
            checked={!!pp.RequireLowercase}
            onChange={(v) => set({ RequireLowercase: v })}
          />
          <Check
            label="Uppercase letters"
            checked={!!pp.RequireUppercase}
            onChange={(v) => set({ RequireUppercase: v })}
          />
          <Check
            label="Numbers"
            checked={!!pp.RequireNumbers}
            onChange={(v) => set({ RequireNumbers: v })}
          />
          <Check
            label="Symbols"
            checked={!!pp.RequireSymbols}
            onChange={(v) => set({ RequireSymbols: v })}
          />
        </div>
      </fieldset>
    </>
  );
}

const RECOVERY: [string, string, [string, number][]][] = [
  [
    'email-phone',
    'Verified email, else phone',
    [
      ['verified_email', 1],
      ['verified_phone_number', 2],
    ],
  ],
  [
    'phone-email',
    'Verified phone, else email',
    [
      ['verified_phone_number', 1],
      ['verified_email', 2],
    ],
  ],
  ['email', 'Verified email only', [['verified_email', 1]]],
  ['phone', 'Verified phone only', [['verified_phone_number', 1]]],
  ['admin', 'Administrator only (no self-service)', [['admin_only', 1]]],
];

/** How users recover their account (AccountRecoverySetting). */
export function RecoverySection({ draft, update }: SectionProps) {
  const mechs: Json[] = draft.pool.AccountRecoverySetting?.RecoveryMechanisms ?? [];
  const key = mechs
    .slice()
    .sort((a, b) => a.Priority - b.Priority)
    .map((m) => `${m.Name}:${m.Priority}`)
    .join(',');
  const current =
    RECOVERY.find(([, , list]) => list.map(([n, p]) => `${n}:${p}`).join(',') === key)?.[0] ??
    (mechs.length ? 'custom' : '');
  return (
    <Select
      label="Forgot-password messages go to"
      value={current}
      options={[
        ...(current === ''
          ? ([['', 'Not set (Cognito’s legacy order)']] as [string, string][])
          : []),
        ...(current === 'custom' ? ([['custom', key]] as [string, string][]) : []),
        ...RECOVERY.map(([k, t]) => [k, t] as [string, string]),
      ]}
      onValue={(v) =>
        update((d) => {
          const found = RECOVERY.find(([k]) => k === v);
          if (found) {
            d.pool.AccountRecoverySetting = {
              RecoveryMechanisms: found[2].map(([Name, Priority]) => ({ Name, Priority })),
            };
          }
        })
      }
    />
  );
}

/** The hosted UI's domain and its CSS. */
export function DomainSection(p: SectionProps & { domainBase: (d: string) => string }) {
  const { draft, update } = p;
  return (
    <>
      <TextField
        label="Domain prefix"
        value={draft.domain}
        onValue={(v) =>
          update((d) => {
            d.domain = v.trim();
          })
        }
        hint={
          draft.domain
            ? `Hosted pages at ${p.domainBase(draft.domain)}/login`
            : 'Empty: no hosted pages. Lowercase letters, digits and hyphens.'
        }
        spellcheck={false}
      />
      <TextArea
        label="Branding CSS (hosted pages, every client)"
        value={draft.css}
        onValue={(v) =>
          update((d) => {
            d.css = v;
          })
        }
        rows={4}
        placeholder=".banner-customizable { background-color: #0b5cad; }"
      />
    </>
  );
}

/** Which function each trigger runs (LambdaConfig). */
export function TriggersSection({ draft, update }: SectionProps) {
  const lc: Json = draft.pool.LambdaConfig ?? {};
  const region = String(draft.pool.Id).split('_')[0] || 'us-east-1';
  const fn = (arn: string | undefined) =>
    arn?.startsWith('arn:aws:lambda:') ? arn.split(':function:')[1] : (arn ?? '');
  return (
    <>
      <p class="hint">
        A function name runs <code>&lt;functionsDir&gt;/&lt;name&gt;.mjs</code> on the server; an
        https URL receives the event as a webhook. Empty: no trigger.
      </p>
      <div class="grid">
        {TRIGGERS.map(([key, label]) => (
          <TextField
            key={key}
            label={`${label} (${key})`}
            value={fn(typeof lc[key] === 'string' ? lc[key] : lc[key]?.LambdaArn)}
            spellcheck={false}
            onValue={(v) =>
              update((d) => {
                const next = { ...(d.pool.LambdaConfig ?? {}) };
                const name = v.trim();
                const arn =
                  !name || /^(arn:|https?:)/.test(name)
                    ? name
                    : `arn:aws:lambda:${region}:000000000000:function:${name}`;
                if (!arn) {
                  delete next[key];
                  if (key === 'PreTokenGeneration') delete next.PreTokenGenerationConfig;
                } else if (key === 'PreTokenGeneration' && next.PreTokenGenerationConfig) {
                  next[key] = arn;
                  next.PreTokenGenerationConfig = {
                    ...next.PreTokenGenerationConfig,
                    LambdaArn: arn,
                  };
                } else next[key] = arn;
                d.pool.LambdaConfig = next;
              })
            }
          />
        ))}
      </div>
    </>
  );
}
