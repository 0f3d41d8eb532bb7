import {
  type CognitoIdentityProviderClient,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  type SchemaAttributeType,
  type UserPoolClientType,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AuthDefinitions } from './definitions.ts';
import { describeDifference, diff } from './diff.ts';
import { mfaChanges, mfaTypesOf } from './mfa.ts';
import { type HostedUiContext, planDomain, planProviders } from './plan-oauth.ts';
import type { ResourcePlan, Step } from './plan-types.ts';

// The plan of a managed resource: what CreateUserPool, SetUserPoolMfaConfig, AddCustomAttributes
// and the client calls would change, from DescribeUserPool, GetUserPoolMfaConfig and
// DescribeUserPoolClient.

const isNotFound = (err: unknown) => (err as Error).name === 'ResourceNotFoundException';

/** DescribeUserPool, or undefined when the pool is gone. */
export async function describePool(api: CognitoIdentityProviderClient, id: string) {
  try {
    return (await api.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** DescribeUserPoolClient, or undefined when the client is gone. */
export async function describeClient(api: CognitoIdentityProviderClient, pool: string, id: string) {
  try {
    return (await api.send(new DescribeUserPoolClientCommand({ UserPoolId: pool, ClientId: id })))
      .UserPoolClient;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * The verification messages a pool sends when its template names none (Cognito's defaults, the
 * server's too): an UpdateUserPool without VerificationMessageTemplate leaves the pool with only
 * `DefaultEmailOption`, and these are what it then sends.
 */
const DEFAULT_MESSAGES = {
  EmailSubject: 'Your verification code',
  EmailMessage: 'Your verification code is {####}. ',
  SmsMessage: 'Your verification code is {####}. ',
};

/** The pool's verification template with the messages it sends where it names none. */
export function effectiveTemplate(pool: UserPoolType) {
  return { ...DEFAULT_MESSAGES, ...pool.VerificationMessageTemplate };
}

/** Standard attribute names; everything else in a definition's Schema is custom. */
const STANDARD = new Set(
  'address birthdate email family_name gender given_name locale middle_name name nickname phone_number picture preferred_username profile updated_at website zoneinfo'.split(
    ' ',
  ),
);

/** The pool settings UpdateUserPool takes, from a definition. */
export function updatable(defs: AuthDefinitions) {
  const {
    Schema: _s,
    UsernameAttributes: _u,
    AliasAttributes: _a,
    UsernameConfiguration: _c,
    ...rest
  } = defs.userPool;
  return rest;
}

/**
 * A pool's name in an environment, as the Amplify CLI's auth stack names it: the answer's
 * `userPoolName`, a hyphen and the environment (`myapp_userpool_1a2b-dev`), so each
 * environment's pool is told apart on a server they share.
 */
export function envPoolName(poolName: string | undefined, envName: string): string {
  const base = poolName ?? 'userpool';
  return base.endsWith(`-${envName}`) ? base : `${base}-${envName}`;
}

/** The pool name without the environment's `-<env>`, as the answers keep it. */
export function basePoolName(poolName: string, envName: string): string {
  return poolName.endsWith(`-${envName}`) ? poolName.slice(0, -envName.length - 1) : poolName;
}

/** Steps for a managed resource: create what is missing, update what differs. */
export async function planManaged(
  api: CognitoIdentityProviderClient,
  plan: ResourcePlan,
  answered: AuthDefinitions,
  hostedUi: HostedUiContext,
) {
  const { name, ids } = plan;
  // What push sends is the definitions with this environment's pool name.
  const defs: AuthDefinitions = {
    ...answered,
    userPool: {
      ...answered.userPool,
      PoolName: envPoolName(answered.userPool.PoolName, hostedUi.envName),
    },
  };
  plan.definitions = defs;
  const pool = ids.UserPoolId ? await describePool(api, ids.UserPoolId) : undefined;
  if (!pool) {
    const gone = ids.UserPoolId ? [`pool ${ids.UserPoolId} is no longer on the server`] : [];
    plan.steps.push({
      resource: name,
      object: 'user pool',
      action: 'create',
      changes: [...gone, `PoolName: ${defs.userPool.PoolName}`, ...summary(defs)],
    });
    if (defs.mfa && defs.mfa.MfaConfiguration !== 'OFF') {
      plan.steps.push({
        resource: name,
        object: 'MFA',
        action: 'create',
        changes: [
          `MfaConfiguration: ${defs.mfa.MfaConfiguration}`,
          `factors: ${mfaTypesOf(defs.mfa).join(', ')}`,
        ],
      });
    }
    await planDomain(api, plan, defs, undefined, hostedUi);
    plan.steps.push(...(await planProviders(api, plan, defs, undefined, hostedUi)).before);
    plan.steps.push({
      resource: name,
      object: 'app client',
      action: 'create',
      changes: [`ClientName: ${defs.client.ClientName}`],
    });
    return;
  }
  plan.pool = pool;
  const { PoolName, ...settings } = updatable(defs);
  const compared: Record<string, unknown> = {
    ...settings,
    // Named even when absent, so device tracking turned off is a change.
    DeviceConfiguration: settings.DeviceConfiguration,
  };
  if (defs.mfa) {
    // The MFA step compares these with GetUserPoolMfaConfig and sets them.
    delete compared.MfaConfiguration;
    delete compared.SmsAuthenticationMessage;
  }
  const poolChanges = [
    ...diff({ Name: PoolName }, { Name: pool.Name }),
    ...diff(compared, { ...pool, VerificationMessageTemplate: effectiveTemplate(pool) }, '', [
      'LambdaConfig',
    ]),
  ].map(describeDifference);
  await planMfa(api, plan, defs, pool);
  plan.steps.push({
    resource: name,
    object: 'user pool',
    action: poolChanges.length ? 'update' : 'no-change',
    id: pool.Id,
    changes: poolChanges,
  });
  const actualSchema = new Map((pool.SchemaAttributes ?? []).map((a) => [a.Name, a]));
  const added: SchemaAttributeType[] = [];
  for (const attr of defs.userPool.Schema ?? []) {
    const custom = !STANDARD.has(attr.Name ?? '');
    const actual = actualSchema.get(custom ? `custom:${attr.Name}` : (attr.Name ?? ''));
    if (custom && !actual) added.push(attr);
    else if (!custom && Boolean(actual?.Required) !== Boolean(attr.Required)) {
      plan.blocked.push(`required attribute ${attr.Name}: cannot change on an existing pool`);
    }
  }
  for (const a of pool.SchemaAttributes ?? []) {
    // `sub` is required in every pool; the definitions never name it.
    if (a.Name === 'sub') continue;
    if (a.Required && !(defs.userPool.Schema ?? []).some((s) => s.Name === a.Name && s.Required)) {
      plan.blocked.push(`required attribute ${a.Name}: cannot change on an existing pool`);
    }
  }
  const usernameDiff = diff(defs.userPool.UsernameAttributes ?? [], pool.UsernameAttributes ?? []);
  if (usernameDiff.length) {
    plan.blocked.push(
      `sign-in (UsernameAttributes ${JSON.stringify(pool.UsernameAttributes ?? [])} → ${JSON.stringify(defs.userPool.UsernameAttributes ?? [])}): cannot change on an existing pool`,
    );
  }
  if (added.length) {
    plan.steps.push({
      resource: name,
      object: 'custom attributes',
      action: 'create',
      id: pool.Id,
      changes: added.map((a) => `custom:${a.Name} (${a.AttributeDataType})`),
    });
  }
  await planDomain(api, plan, defs, pool, hostedUi);
  const providers = await planProviders(api, plan, defs, pool, hostedUi);
  plan.steps.push(...providers.before);
  const client = ids.UserPoolClientId
    ? await describeClient(api, pool.Id as string, ids.UserPoolClientId)
    : undefined;
  if (!client) {
    plan.steps.push({
      resource: name,
      object: 'app client',
      action: 'create',
      changes: [`ClientName: ${defs.client.ClientName}`],
    });
    plan.steps.push(...providers.after);
    return;
  }
  plan.client = client;
  const { GenerateSecret, ...clientSettings } = defs.client;
  const clientChanges = [
    ...diff(clientSettings, client),
    ...oauthTurnedOff(clientSettings, client),
  ].map(describeDifference);
  if (Boolean(GenerateSecret) !== Boolean(client.ClientSecret)) {
    plan.blocked.push('app client secret: cannot be added or removed on an existing client');
  }
  plan.steps.push({
    resource: name,
    object: 'app client',
    action: clientChanges.length ? 'update' : 'no-change',
    id: client.ClientId,
    changes: clientChanges,
  });
  plan.steps.push(...providers.after);
}

/** The client's OAuth members: named by the definitions only when the hosted UI is on. */
const OAUTH_MEMBERS = [
  'AllowedOAuthFlows',
  'AllowedOAuthScopes',
  'CallbackURLs',
  'LogoutURLs',
  'AllowedOAuthFlowsUserPoolClient',
] as const;

/**
 * OAuth settings the server has and the definitions no longer name (the hosted UI was turned
 * off): a change, since UpdateUserPoolClient clears what it is not given. The diff alone looks
 * only at what the definitions name.
 */
function oauthTurnedOff(desired: Record<string, unknown>, client: UserPoolClientType) {
  return OAUTH_MEMBERS.filter((key) => {
    const value = client[key];
    return !(key in desired) && (Array.isArray(value) ? value.length > 0 : value === true);
  }).map((key) => ({ path: key, from: client[key], to: undefined }));
}

/**
 * The MFA step, before the pool's update: SetUserPoolMfaConfig first, so the UpdateUserPool
 * that follows (which names the mode too) finds the factors the mode needs already set.
 */
async function planMfa(
  api: CognitoIdentityProviderClient,
  plan: ResourcePlan,
  defs: AuthDefinitions,
  pool: UserPoolType,
) {
  const desired = defs.mfa;
  if (!desired) return;
  const current = pool.MfaConfiguration ?? 'OFF';
  // MFA off on both sides needs no look at the factors.
  if (desired.MfaConfiguration === 'OFF' && current === 'OFF') return;
  const actual =
    desired.MfaConfiguration === 'OFF'
      ? { MfaConfiguration: current }
      : await api.send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool.Id }));
  const changes = mfaChanges(desired, actual);
  plan.steps.push({
    resource: plan.name,
    object: 'MFA',
    action: changes.length ? 'update' : 'no-change',
    id: pool.Id,
    changes,
  });
}

/** A few lines that say what a new pool will be like. */
function summary(defs: AuthDefinitions): string[] {
  const p = defs.userPool;
  const policy = p.Policies?.PasswordPolicy;
  const mode = defs.mfa?.MfaConfiguration ?? p.MfaConfiguration ?? 'OFF';
  const types = defs.mfa && mode !== 'OFF' ? ` (${mfaTypesOf(defs.mfa).join(', ')})` : '';
  const devices = p.DeviceConfiguration;
  const triggers = Object.keys(p.LambdaConfig ?? {}).filter(
    (k) => k !== 'KMSKeyID' && k !== 'PreTokenGenerationConfig',
  );
  return [
    `sign-in: ${(p.UsernameAttributes ?? ['username']).join(' or ')}`,
    `required attributes: ${(p.Schema ?? [])
      .filter((a) => a.Required)
      .map((a) => a.Name)
      .join(', ')}`,
    `password: at least ${policy?.MinimumLength ?? 8} characters`,
    `MFA: ${mode}${types}`,
    ...(devices
      ? [
          `remembered devices: ${devices.DeviceOnlyRememberedOnUserPrompt ? 'when the user asks' : 'always'}${devices.ChallengeRequiredOnNewDevice ? ', skip MFA' : ''}`,
        ]
      : []),
    ...(triggers.length ? [`triggers: ${triggers.join(', ')}`] : []),
  ];
}

/**
 * The deletion of a managed resource's pool after `remove auth`, as Amplify's push deletes the
 * auth stack: a `- user pool <id>: delete` step naming the pool and its users. An imported
 * pool (or one already gone) is only unlinked.
 */
export async function planPoolDeletion(api: CognitoIdentityProviderClient, plan: ResourcePlan) {
  const { ids } = plan;
  if (ids.ServiceType !== 'managed' || !ids.UserPoolId) return;
  const pool = await describePool(api, ids.UserPoolId);
  if (!pool) return;
  plan.pool = pool;
  const users = pool.EstimatedNumberOfUsers ?? 0;
  plan.steps.push({
    resource: plan.name,
    object: 'user pool',
    action: 'delete',
    id: pool.Id,
    changes: [
      `${pool.Name}: ${users} user${users === 1 ? '' : 's'}, its app clients${pool.Domain ? `, domain ${pool.Domain}` : ''} and groups are deleted`,
    ],
  });
}

/** The pool deletions a plan holds, for the confirmation that names them. */
export function poolDeletions(steps: Step[]): Step[] {
  return steps.filter((s) => s.object === 'user pool' && s.action === 'delete');
}

/** Deletes a pool: its domain first (Cognito refuses to delete a pool that has one). */
export async function deletePool(
  api: CognitoIdentityProviderClient,
  step: Step,
  progress: (line: string) => void,
): Promise<void> {
  const id = step.id as string;
  const pool = await describePool(api, id);
  if (!pool) return;
  for (const domain of [pool.Domain, pool.CustomDomain]) {
    if (domain) await api.send(new DeleteUserPoolDomainCommand({ UserPoolId: id, Domain: domain }));
  }
  progress(`… deleting user pool ${id} (${pool.Name})`);
  await api.send(new DeleteUserPoolCommand({ UserPoolId: id }));
  progress(`✔ deleted user pool ${id}`);
}
