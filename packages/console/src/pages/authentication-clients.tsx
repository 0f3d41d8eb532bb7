// App clients (auth flows, secret, token validities, OAuth, callback and logout URLs, read and
// write attributes) and the social / OIDC identity providers, edited in the draft.
import { useState } from 'preact/hooks';
import { AUTH_FLOWS, PROVIDER_TYPES, STANDARD_ATTRIBUTES } from '../components/cognito';
import {
  Check,
  CheckList,
  fromList,
  Modal,
  Select,
  TextArea,
  TextField,
  toList,
} from '../components/ui';
import type { SectionProps } from './authentication-sections';

// biome-ignore lint/suspicious/noExplicitAny: Cognito shapes are wide and edited in place.
type Json = Record<string, any>;

const UNITS: [string, string][] = [
  ['seconds', 'seconds'],
  ['minutes', 'minutes'],
  ['hours', 'hours'],
  ['days', 'days'],
];

let newKey = 0;

/** Every app client of the pool, each in its own fieldset; new ones are created on deploy. */
export function ClientsSection({ draft, update }: SectionProps) {
  const attrs = [
    ...Object.keys(STANDARD_ATTRIBUTES),
    'email_verified',
    'phone_number_verified',
    ...(draft.pool.SchemaAttributes ?? [])
      .map((a: Json) => a.Name as string)
      .filter((n: string) => n.startsWith('custom:')),
    ...draft.newAttributes.map((a) => `custom:${a.name}`),
  ];
  const providers = ['COGNITO', ...draft.providers.map((p) => p.ProviderName as string)];
  return (
    <>
      {draft.clients.map((c, i) => {
        const set = (patch: Json) =>
          update((d) => {
            d.clients[i] = { ...d.clients[i], ...patch };
          });
        const units: Json = c.TokenValidityUnits ?? {};
        const name = c.ClientName || 'new client';
        return (
          <fieldset key={c.key}>
            <legend>
              {name} {c.ClientId ? <code>{c.ClientId}</code> : <span class="badge">new</span>}
            </legend>
            <div class="grid">
              <TextField
                label={`Name of ${name}`}
                value={c.ClientName}
                onValue={(v) => set({ ClientName: v })}
              />
              <p>
                <span class="hint">Client secret: </span>
                {c.ClientId ? (
                  c.ClientSecret ? (
                    'yes (server-side app)'
                  ) : (
                    'none (browser or mobile app)'
                  )
                ) : (
                  <Check
                    label="Generate a client secret"
                    checked={!!c.GenerateSecret}
                    onChange={(v) => set({ GenerateSecret: v })}
                  />
                )}
              </p>
            </div>
            <CheckList
              legend={`Auth flows of ${name}`}
              options={AUTH_FLOWS}
              value={c.ExplicitAuthFlows ?? []}
              onValue={(v) => set({ ExplicitAuthFlows: v })}
            />
            <fieldset>
              <legend>Token validity of {name}</legend>
              <div class="grid">
                {(
                  [
                    ['AccessTokenValidity', 'AccessToken', 'Access token', 'hours'],
                    ['IdTokenValidity', 'IdToken', 'ID token', 'hours'],
                    ['RefreshTokenValidity', 'RefreshToken', 'Refresh token', 'days'],
                  ] as const
                ).map(([field, unit, label, dflt]) => (
                  <div class="row" key={field}>
                    <TextField
                      label={`${label} validity`}
                      type="number"
                      min={1}
                      placeholder={dflt === 'days' ? '30' : '1'}
                      value={c[field]}
                      onValue={(v) => set({ [field]: v === '' ? undefined : Number(v) })}
                    />
                    <Select
                      label={`${label} unit`}
                      value={units[unit] ?? dflt}
                      options={UNITS}
                      onValue={(v) => set({ TokenValidityUnits: { ...units, [unit]: v } })}
                    />
                  </div>
                ))}
              </div>
            </fieldset>
            <fieldset>
              <legend>OAuth (hosted UI) of {name}</legend>
              <Check
                label="OAuth flows enabled"
                checked={!!c.AllowedOAuthFlowsUserPoolClient}
                onChange={(v) => set({ AllowedOAuthFlowsUserPoolClient: v })}
              />
              <CheckList
                legend="Identity providers"
                options={providers.map((p) => [p, p === 'COGNITO' ? 'Cognito user pool' : p])}
                value={c.SupportedIdentityProviders ?? []}
                onValue={(v) => set({ SupportedIdentityProviders: v })}
              />
              <CheckList
                legend="OAuth flows"
                options={[
                  ['code', 'Authorization code'],
                  ['implicit', 'Implicit'],
                  ['client_credentials', 'Client credentials'],
                ]}
                value={c.AllowedOAuthFlows ?? []}
                onValue={(v) => set({ AllowedOAuthFlows: v })}
              />
              <CheckList
                legend="OAuth scopes"
                options={[
                  ['openid', 'openid'],
                  ['email', 'email'],
                  ['phone', 'phone'],
                  ['profile', 'profile'],
                  ['aws.cognito.signin.user.admin', 'aws.cognito.signin.user.admin'],
                ]}
                value={c.AllowedOAuthScopes ?? []}
                onValue={(v) => set({ AllowedOAuthScopes: v })}
              />
              <div class="grid">
                <TextArea
                  label="Callback URLs (one per line)"
                  value={fromList(c.CallbackURLs)}
                  onValue={(v) => set({ CallbackURLs: toList(v) })}
                  rows={2}
                />
                <TextArea
                  label="Sign-out URLs (one per line)"
                  value={fromList(c.LogoutURLs)}
                  onValue={(v) => set({ LogoutURLs: toList(v) })}
                  rows={2}
                />
              </div>
            </fieldset>
            <details>
              <summary>Read and write attributes of {name}</summary>
              <CheckList
                legend="Read attributes (none ticked: all)"
                options={attrs.map((a) => [a, a])}
                value={c.ReadAttributes ?? []}
                onValue={(v) => set({ ReadAttributes: v.length ? v : undefined })}
              />
              <CheckList
                legend="Write attributes (none ticked: all writable)"
                options={attrs.filter((a) => !a.endsWith('_verified')).map((a) => [a, a])}
                value={c.WriteAttributes ?? []}
                onValue={(v) => set({ WriteAttributes: v.length ? v : undefined })}
              />
            </details>
            <div class="row">
              <Check
                label="Prevent user existence errors"
                checked={c.PreventUserExistenceErrors === 'ENABLED'}
                onChange={(v) => set({ PreventUserExistenceErrors: v ? 'ENABLED' : 'LEGACY' })}
              />
              <Check
                label="Token revocation"
                checked={c.EnableTokenRevocation !== false}
                onChange={(v) => set({ EnableTokenRevocation: v })}
              />
              <button
                type="button"
                class="danger"
                aria-label={`Delete app client ${name}`}
                onClick={() =>
                  update((d) => {
                    d.clients.splice(i, 1);
                  })
                }
              >
                Delete
              </button>
            </div>
          </fieldset>
        );
      })}
      <button
        type="button"
        class="secondary"
        onClick={() =>
          update((d) => {
            newKey += 1;
            d.clients.push({
              key: `new-${newKey}`,
              ClientName: `${d.pool.Name}_client${d.clients.length + 1}`,
              GenerateSecret: false,
              ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
              RefreshTokenValidity: 30,
              TokenValidityUnits: { RefreshToken: 'days' },
            });
          })
        }
      >
        Add app client
      </button>
    </>
  );
}

/** Social and OIDC providers: listed with their redirect URL, added and edited in a dialog. */
export function ProvidersSection(p: SectionProps & { redirectUrl: string | undefined }) {
  const { draft, update } = p;
  const [editing, setEditing] = useState<Json>();
  const [isNew, setIsNew] = useState(false);
  const [dialogKey, setDialogKey] = useState(0);
  const open = (prov: Json, fresh: boolean) => {
    setIsNew(fresh);
    setEditing(prov);
    setDialogKey((k) => k + 1);
  };
  return (
    <>
      <h3>Social and OpenID Connect providers</h3>
      {p.redirectUrl ? (
        <p>
          Register this redirect URL with each provider: <code>{p.redirectUrl}</code>
        </p>
      ) : (
        <p class="hint">Give the pool a domain (below) to get the redirect URL providers need.</p>
      )}
      <ul>
        {draft.providers.map((prov, i) => (
          <li key={prov.ProviderName} class="row">
            <strong>{prov.ProviderName}</strong>
            <span class="muted">
              {PROVIDER_TYPES[prov.ProviderType]?.label ?? prov.ProviderType}, app id{' '}
              <code>{prov.ProviderDetails?.client_id ?? '-'}</code>, scopes{' '}
              {prov.ProviderDetails?.authorize_scopes ?? '-'}
            </span>
            <button
              type="button"
              class="secondary"
              aria-label={`Edit ${prov.ProviderName}`}
              onClick={() => open(structuredClone(prov), false)}
            >
              Edit
            </button>
            <button
              type="button"
              class="danger"
              aria-label={`Delete provider ${prov.ProviderName}`}
              onClick={() =>
                update((d) => {
                  d.providers.splice(i, 1);
                })
              }
            >
              Delete
            </button>
          </li>
        ))}
        {!draft.providers.length && <li class="muted">None.</li>}
      </ul>
      <button
        type="button"
        class="secondary"
        onClick={() => {
          const t = PROVIDER_TYPES.Google;
          open(
            {
              ProviderName: 'Google',
              ProviderType: 'Google',
              ProviderDetails: { client_id: '', client_secret: '', authorize_scopes: t.scopes },
              AttributeMapping: { ...t.mapping },
            },
            true,
          );
        }}
      >
        Add provider
      </button>
      <ProviderDialog
        key={dialogKey}
        value={editing}
        isNew={isNew}
        onClose={() => setEditing(undefined)}
        onSave={(prov) => {
          update((d) => {
            const at = d.providers.findIndex((x) => x.ProviderName === prov.ProviderName);
            if (at >= 0) d.providers[at] = prov;
            else d.providers.push(prov);
          });
          setEditing(undefined);
        }}
      />
    </>
  );
}

function ProviderDialog(p: {
  value: Json | undefined;
  isNew: boolean;
  onClose: () => void;
  onSave: (v: Json) => void;
}) {
  // Keyed by the caller per opening, so the state starts from the provider being edited.
  const [cur, setCur] = useState<Json | undefined>(() => p.value && structuredClone(p.value));
  const [mapping, setMapping] = useState(() =>
    Object.entries((p.value?.AttributeMapping ?? {}) as Record<string, string>)
      .map(([a, b]) => `${a}=${b}`)
      .join('\n'),
  );
  const meta = PROVIDER_TYPES[cur?.ProviderType ?? 'Google'] ?? PROVIDER_TYPES.OIDC;
  const details: Json = cur?.ProviderDetails ?? {};
  const set = (patch: Json) => setCur({ ...cur, ...patch });
  const setDetail = (k: string, val: string) => set({ ProviderDetails: { ...details, [k]: val } });
  return (
    <Modal
      open={!!cur}
      title={p.isNew ? 'Add provider' : `Edit ${cur?.ProviderName ?? ''}`}
      onClose={p.onClose}
    >
      {cur && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const AttributeMapping = Object.fromEntries(
              mapping
                .split('\n')
                .map((l) => l.split('=').map((x) => x.trim()))
                .filter(([a, b]) => a && b),
            );
            p.onSave({ ...cur, AttributeMapping });
          }}
        >
          {p.isNew && (
            <Select
              label="Provider type"
              value={cur.ProviderType}
              options={Object.entries(PROVIDER_TYPES).map(([k, t]) => [k, t.label])}
              onValue={(type) => {
                const t = PROVIDER_TYPES[type];
                setMapping(
                  Object.entries(t.mapping)
                    .map(([a, b]) => `${a}=${b}`)
                    .join('\n'),
                );
                set({
                  ProviderType: type,
                  ProviderName: type === 'OIDC' ? '' : type,
                  ProviderDetails: {
                    authorize_scopes: t.scopes,
                    ...(type === 'OIDC'
                      ? { attributes_request_method: 'GET', oidc_issuer: '' }
                      : {}),
                  },
                  AttributeMapping: { ...t.mapping },
                });
              }}
            />
          )}
          {p.isNew && cur.ProviderType === 'OIDC' && (
            <TextField
              label="Provider name"
              value={cur.ProviderName}
              onValue={(x) => set({ ProviderName: x })}
              required
            />
          )}
          <TextField
            label={cur.ProviderType === 'SignInWithApple' ? 'Services ID' : 'App ID (client id)'}
            value={details.client_id}
            onValue={(x) => setDetail('client_id', x)}
            required
            spellcheck={false}
          />
          {cur.ProviderType === 'SignInWithApple' ? (
            <>
              <div class="grid">
                <TextField
                  label="Team ID"
                  value={details.team_id}
                  onValue={(x) => setDetail('team_id', x)}
                />
                <TextField
                  label="Key ID"
                  value={details.key_id}
                  onValue={(x) => setDetail('key_id', x)}
                />
              </div>
              <TextArea
                label="Private key"
                value={details.private_key}
                onValue={(x) => setDetail('private_key', x)}
              />
            </>
          ) : (
            <TextField
              label="App secret (client secret)"
              type="password"
              value={details.client_secret}
              onValue={(x) => setDetail('client_secret', x)}
              autoComplete="off"
            />
          )}
          {cur.ProviderType === 'OIDC' && (
            <TextField
              label="Issuer URL"
              type="url"
              value={details.oidc_issuer}
              onValue={(x) => setDetail('oidc_issuer', x)}
            />
          )}
          <TextField
            label="Scopes"
            value={details.authorize_scopes}
            onValue={(x) => setDetail('authorize_scopes', x)}
            hint={`Separated as the provider expects (e.g. ${meta.scopes}).`}
          />
          <TextArea
            label="Attribute mapping (pool attribute=provider attribute, one per line)"
            value={mapping}
            onValue={setMapping}
            rows={3}
          />
          <div class="buttons">
            <button type="button" class="secondary" onClick={p.onClose}>
              Cancel
            </button>
            <button type="submit">{p.isNew ? 'Add to plan' : 'Update plan'}</button>
          </div>
        </form>
      )}
    </Modal>
  );
}
