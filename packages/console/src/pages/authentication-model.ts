// The Authentication page's data: what the pool holds now (read with Describe*/Get*/List*), the
// draft the admin edits, and the plan between them — one step per Cognito operation, naming the
// fields it changes, as `cognate push` shows its plan before it runs.
import { idp } from '../api';
import { show, smsConfiguration } from '../components/cognito';

// biome-ignore lint/suspicious/noExplicitAny: Cognito shapes are wide and passed through as read.
type Json = Record<string, any>;

/** A custom attribute added in the draft (AddCustomAttributes). */
export interface NewAttribute {
  name: string;
  type: 'String' | 'Number';
  mutable: boolean;
}

/** The MFA settings as the page edits them. */
export interface MfaDraft {
  mode: 'OFF' | 'OPTIONAL' | 'ON';
  types: string[];
  smsMessage: string;
  emailSubject: string;
  emailMessage: string;
}

/** Everything the page shows and edits for one pool. */
export interface PoolSettings {
  pool: Json;
  mfa: MfaDraft;
  /** App clients; a new one has no ClientId yet (`key` tells them apart). */
  clients: (Json & { key: string })[];
  /** Identity providers with their details. */
  providers: Json[];
  /** The domain prefix (or custom domain), '' for none. */
  domain: string;
  /** The hosted UI's CSS for every client (SetUICustomization with ClientId ALL). */
  css: string;
  newAttributes: NewAttribute[];
}

/** Reads the pool with its MFA, clients, providers, domain and branding. */
export async function loadSettings(poolId: string): Promise<PoolSettings> {
  const UserPoolId = poolId;
  const [{ UserPool: pool }, mfa, clientList, providerList] = await Promise.all([
    idp<{ UserPool: Json }>('DescribeUserPool', { UserPoolId }),
    idp<Json>('GetUserPoolMfaConfig', { UserPoolId }),
    idp<{ UserPoolClients: Json[] }>('ListUserPoolClients', { UserPoolId, MaxResults: 60 }),
    idp<{ Providers: Json[] }>('ListIdentityProviders', { UserPoolId, MaxResults: 60 }),
  ]);
  const [clients, providers, ui] = await Promise.all([
    Promise.all(
      clientList.UserPoolClients.map((c) =>
        idp<{ UserPoolClient: Json }>('DescribeUserPoolClient', {
          UserPoolId,
          ClientId: c.ClientId,
        }).then((r) => ({ ...r.UserPoolClient, key: r.UserPoolClient.ClientId as string })),
      ),
    ),
    Promise.all(
      providerList.Providers.map((p) =>
        idp<{ IdentityProvider: Json }>('DescribeIdentityProvider', {
          UserPoolId,
          ProviderName: p.ProviderName,
        }).then((r) => r.IdentityProvider),
      ),
    ),
    idp<{ UICustomization?: Json }>('GetUICustomization', { UserPoolId }).catch(() => ({
      UICustomization: undefined,
    })),
  ]);
  const types: string[] = [];
  if (mfa.SmsMfaConfiguration) types.push('SMS');
  if (mfa.SoftwareTokenMfaConfiguration?.Enabled) types.push('TOTP');
  if (mfa.EmailMfaConfiguration) types.push('EMAIL');
  return {
    pool,
    mfa: {
      mode: mfa.MfaConfiguration ?? 'OFF',
      types,
      smsMessage:
        mfa.SmsMfaConfiguration?.SmsAuthenticationMessage ??
        pool.SmsAuthenticationMessage ??
        'Your authentication code is {####}',
      emailSubject: mfa.EmailMfaConfiguration?.Subject ?? 'Your authentication code',
      emailMessage: mfa.EmailMfaConfiguration?.Message ?? 'Your authentication code is {####}',
    },
    clients,
    providers,
    domain: pool.CustomDomain ?? pool.Domain ?? '',
    css: ui.UICustomization?.CSS ?? '',
    newAttributes: [],
  };
}

/** The members UpdateUserPool takes; any left out goes back to Cognito's default. */
const POOL_FIELDS = [
  'Policies',
  'DeletionProtection',
  'LambdaConfig',
  'AutoVerifiedAttributes',
  'SmsVerificationMessage',
  'EmailVerificationMessage',
  'EmailVerificationSubject',
  'VerificationMessageTemplate',
  'SmsAuthenticationMessage',
  'UserAttributeUpdateSettings',
  'MfaConfiguration',
  'DeviceConfiguration',
  'EmailConfiguration',
  'SmsConfiguration',
  'UserPoolTags',
  'AdminCreateUserConfig',
  'UserPoolAddOns',
  'AccountRecoverySetting',
] as const;

/** The members UpdateUserPoolClient takes (it too resets what it is not given). */
const CLIENT_FIELDS = [
  'ClientName',
  'RefreshTokenValidity',
  'AccessTokenValidity',
  'IdTokenValidity',
  'TokenValidityUnits',
  'ReadAttributes',
  'WriteAttributes',
  'ExplicitAuthFlows',
  'SupportedIdentityProviders',
  'CallbackURLs',
  'LogoutURLs',
  'DefaultRedirectURI',
  'AllowedOAuthFlows',
  'AllowedOAuthScopes',
  'AllowedOAuthFlowsUserPoolClient',
  'AnalyticsConfiguration',
  'PreventUserExistenceErrors',
  'EnableTokenRevocation',
  'EnablePropagateAdditionalUserContextData',
  'AuthSessionValidity',
] as const;

/** JSON with sorted keys, so two equal settings compare equal whatever their key order. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Json)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Json)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

const same = (a: unknown, b: unknown) => stable(a) === stable(b);

/** One field's change, for the plan. */
export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

function changes(a: Json, b: Json, fields: readonly string[]): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of fields) {
    const x = a[f];
    const y = b[f];
    if (same(x, y)) continue;
    // Nested objects list their changed members (Policies.PasswordPolicy.MinimumLength).
    if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x)) {
      const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
      for (const c of changes(x, y, keys)) out.push({ ...c, field: `${f}.${c.field}` });
    } else {
      out.push({ field: f, from: show(x), to: show(y) });
    }
  }
  return out;
}

/** One operation of the plan. */
export interface PlanStep {
  operation: string;
  /** What it acts on (the pool, a client's name, a provider). */
  target: string;
  changes: FieldChange[];
  run: () => Promise<unknown>;
}

function mfaRequest(poolId: string, m: MfaDraft, poolName: string): Json {
  if (m.mode === 'OFF') return { UserPoolId: poolId, MfaConfiguration: 'OFF' };
  return {
    UserPoolId: poolId,
    MfaConfiguration: m.mode,
    ...(m.types.includes('SMS')
      ? {
          SmsMfaConfiguration: {
            SmsAuthenticationMessage: m.smsMessage,
            SmsConfiguration: smsConfiguration(poolName),
          },
        }
      : {}),
    SoftwareTokenMfaConfiguration: { Enabled: m.types.includes('TOTP') },
    ...(m.types.includes('EMAIL')
      ? { EmailMfaConfiguration: { Subject: m.emailSubject, Message: m.emailMessage } }
      : {}),
  };
}

function mfaView(m: MfaDraft): Json {
  return m.mode === 'OFF'
    ? { Mode: 'OFF' }
    : {
        Mode: m.mode,
        Types: [...m.types].sort(),
        ...(m.types.includes('SMS') ? { SmsMessage: m.smsMessage } : {}),
        ...(m.types.includes('EMAIL')
          ? { EmailSubject: m.emailSubject, EmailMessage: m.emailMessage }
          : {}),
      };
}

/** The pool members of an UpdateUserPool request made from `pool` (MFA mode from `mfa`). */
function poolRequest(pool: Json, mfa: MfaDraft): Json {
  const req: Json = { UserPoolId: pool.Id };
  for (const f of POOL_FIELDS) if (pool[f] !== undefined) req[f] = pool[f];
  req.MfaConfiguration = mfa.mode;
  if (mfa.mode !== 'OFF' && mfa.types.includes('SMS')) {
    req.SmsAuthenticationMessage = mfa.smsMessage;
    req.SmsConfiguration ??= smsConfiguration(pool.Name);
  }
  // Only auto-verified attributes can wait for verification before an update.
  const verified: string[] = req.AutoVerifiedAttributes ?? [];
  const before = req.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate;
  if (before) {
    req.UserAttributeUpdateSettings = {
      AttributesRequireVerificationBeforeUpdate: before.filter((a: string) => verified.includes(a)),
    };
  }
  return req;
}

function clientRequest(poolId: string, c: Json): Json {
  const req: Json = { UserPoolId: poolId };
  for (const f of CLIENT_FIELDS) if (c[f] !== undefined) req[f] = c[f];
  return req;
}

/** The steps that make the pool match the draft, in an order Cognito accepts. */
export function planChanges(orig: PoolSettings, draft: PoolSettings): PlanStep[] {
  const poolId = orig.pool.Id as string;
  const UserPoolId = poolId;
  const steps: PlanStep[] = [];
  const poolName = `pool ${orig.pool.Name}`;

  if (draft.newAttributes.length) {
    steps.push({
      operation: 'AddCustomAttributes',
      target: poolName,
      changes: draft.newAttributes.map((a) => ({
        field: `custom:${a.name}`,
        from: '(none)',
        to: `${a.type}${a.mutable ? ', mutable' : ', immutable'}`,
      })),
      run: () =>
        idp('AddCustomAttributes', {
          UserPoolId,
          CustomAttributes: draft.newAttributes.map((a) => ({
            Name: a.name,
            AttributeDataType: a.type,
            Mutable: a.mutable,
          })),
        }),
    });
  }

  const mfaChanges = changes(mfaView(orig.mfa), mfaView(draft.mfa), [
    'Mode',
    'Types',
    'SmsMessage',
    'EmailSubject',
    'EmailMessage',
  ]);
  if (mfaChanges.length) {
    steps.push({
      operation: 'SetUserPoolMfaConfig',
      target: poolName,
      changes: mfaChanges,
      run: () => idp('SetUserPoolMfaConfig', mfaRequest(poolId, draft.mfa, orig.pool.Name)),
    });
  }

  // MFA is SetUserPoolMfaConfig's: UpdateUserPool only carries its result along.
  const poolFields = POOL_FIELDS.filter(
    (f) => f !== 'MfaConfiguration' && f !== 'SmsAuthenticationMessage' && f !== 'SmsConfiguration',
  );
  const poolChanges = changes(orig.pool, draft.pool, poolFields);
  if (poolChanges.length) {
    steps.push({
      operation: 'UpdateUserPool',
      target: poolName,
      changes: poolChanges,
      run: () => idp('UpdateUserPool', poolRequest(draft.pool, draft.mfa)),
    });
  }

  for (const c of draft.clients) {
    const before = orig.clients.find((o) => o.key === c.key);
    if (!before) {
      steps.push({
        operation: 'CreateUserPoolClient',
        target: `client ${c.ClientName}`,
        changes: changes({}, c, ['GenerateSecret', ...CLIENT_FIELDS]),
        run: () =>
          idp('CreateUserPoolClient', {
            ...clientRequest(poolId, c),
            GenerateSecret: Boolean(c.GenerateSecret),
          }),
      });
      continue;
    }
    const diff = changes(before, c, CLIENT_FIELDS);
    if (diff.length) {
      steps.push({
        operation: 'UpdateUserPoolClient',
        target: `client ${before.ClientName}`,
        changes: diff,
        run: () =>
          idp('UpdateUserPoolClient', { ...clientRequest(poolId, c), ClientId: c.ClientId }),
      });
    }
  }
  for (const c of orig.clients) {
    if (draft.clients.some((d) => d.key === c.key)) continue;
    steps.push({
      operation: 'DeleteUserPoolClient',
      target: `client ${c.ClientName}`,
      changes: [],
      run: () => idp('DeleteUserPoolClient', { UserPoolId, ClientId: c.ClientId }),
    });
  }

  const PROVIDER_FIELDS = ['ProviderDetails', 'AttributeMapping', 'IdpIdentifiers'];
  for (const p of draft.providers) {
    const before = orig.providers.find((o) => o.ProviderName === p.ProviderName);
    const body = {
      UserPoolId,
      ProviderName: p.ProviderName,
      ProviderDetails: p.ProviderDetails,
      AttributeMapping: p.AttributeMapping,
      ...(p.IdpIdentifiers?.length ? { IdpIdentifiers: p.IdpIdentifiers } : {}),
    };
    if (!before) {
      steps.push({
        operation: 'CreateIdentityProvider',
        target: `provider ${p.ProviderName}`,
        changes: changes({}, p, ['ProviderType', ...PROVIDER_FIELDS]).map(hideSecrets),
        run: () => idp('CreateIdentityProvider', { ...body, ProviderType: p.ProviderType }),
      });
      continue;
    }
    const diff = changes(before, p, PROVIDER_FIELDS).map(hideSecrets);
    if (diff.length) {
      steps.push({
        operation: 'UpdateIdentityProvider',
        target: `provider ${p.ProviderName}`,
        changes: diff,
        run: () => idp('UpdateIdentityProvider', body),
      });
    }
  }
  for (const p of orig.providers) {
    if (draft.providers.some((d) => d.ProviderName === p.ProviderName)) continue;
    steps.push({
      operation: 'DeleteIdentityProvider',
      target: `provider ${p.ProviderName}`,
      changes: [],
      run: () => idp('DeleteIdentityProvider', { UserPoolId, ProviderName: p.ProviderName }),
    });
  }

  if (orig.domain !== draft.domain) {
    if (orig.domain) {
      steps.push({
        operation: 'DeleteUserPoolDomain',
        target: `domain ${orig.domain}`,
        changes: [],
        run: () => idp('DeleteUserPoolDomain', { UserPoolId, Domain: orig.domain }),
      });
    }
    if (draft.domain) {
      steps.push({
        operation: 'CreateUserPoolDomain',
        target: `domain ${draft.domain}`,
        changes: [{ field: 'Domain', from: show(orig.domain), to: draft.domain }],
        run: () => idp('CreateUserPoolDomain', { UserPoolId, Domain: draft.domain }),
      });
    }
  }
  if (orig.css !== draft.css) {
    steps.push({
      operation: 'SetUICustomization',
      target: 'all clients',
      changes: [
        {
          field: 'CSS',
          from: `${orig.css.length} characters`,
          to: `${draft.css.length} characters`,
        },
      ],
      run: () =>
        idp('SetUICustomization', { UserPoolId, ClientId: 'ALL', CSS: draft.css || undefined }),
    });
  }
  return steps;
}

/** Secrets (client_secret, private_key) are never shown in the plan. */
function hideSecrets(c: FieldChange): FieldChange {
  return /secret|private_key/i.test(c.field) ? { ...c, from: '••••', to: '••••' } : c;
}
