import {
  AddCustomAttributesCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
  type SchemaAttributeType,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  type UserPoolClientType,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { type AuthDefinitions, readDefinitions, unsupportedParts } from './definitions.ts';
import { describeDifference, diff } from './diff.ts';
import { CliError } from './output.ts';
import type { AuthIds, EnvironmentInfo, Project, ServiceType } from './project.ts';

/** What push will do to one server object. */
export type Action = 'create' | 'update' | 'no-change' | 'unlink' | 'check';

/** One step of the plan. */
export interface Step {
  resource: string;
  /** `user pool`, `app client`, `custom attributes` or `resource` (unlink). */
  object: string;
  action: Action;
  /** Id on the server, when it exists. */
  id?: string;
  /** The diff lines (`Policies.PasswordPolicy.MinimumLength: 8 → 12`). */
  changes: string[];
}

/** A resource's plan, with its definitions and what the server cannot do yet. */
export interface ResourcePlan {
  name: string;
  serviceType: ServiceType;
  ids: AuthIds;
  definitions?: AuthDefinitions;
  steps: Step[];
  unsupported: string[];
  /** Changes that cannot be made to an existing pool (Cognito forbids them too). */
  blocked: string[];
  /** State read from the server (for imported resources and the no-change case). */
  pool?: UserPoolType;
  client?: UserPoolClientType;
}

/** The whole plan for the checked-out environment. */
export interface Plan {
  env: string;
  endpoint: string;
  resources: ResourcePlan[];
  /** Number of steps that change something. */
  changeCount: number;
}

const isNotFound = (err: unknown) => (err as Error).name === 'ResourceNotFoundException';

async function describePool(api: CognitoIdentityProviderClient, id: string) {
  try {
    return (await api.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function describeClient(api: CognitoIdentityProviderClient, pool: string, id: string) {
  try {
    return (await api.send(new DescribeUserPoolClientCommand({ UserPoolId: pool, ClientId: id })))
      .UserPoolClient;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Standard attribute names; everything else in a definition's Schema is custom. */
const STANDARD = new Set(
  'address birthdate email family_name gender given_name locale middle_name name nickname phone_number picture preferred_username profile updated_at website zoneinfo'.split(
    ' ',
  ),
);

/** The pool settings UpdateUserPool takes, from a definition. */
function updatable(defs: AuthDefinitions) {
  const {
    Schema: _s,
    UsernameAttributes: _u,
    AliasAttributes: _a,
    UsernameConfiguration: _c,
    ...rest
  } = defs.userPool;
  return rest;
}

/** Steps for a managed resource: create what is missing, update what differs. */
async function planManaged(
  api: CognitoIdentityProviderClient,
  plan: ResourcePlan,
  defs: AuthDefinitions,
) {
  const { name, ids } = plan;
  const pool = ids.UserPoolId ? await describePool(api, ids.UserPoolId) : undefined;
  if (!pool) {
    const gone = ids.UserPoolId ? [`pool ${ids.UserPoolId} is no longer on the server`] : [];
    plan.steps.push(
      {
        resource: name,
        object: 'user pool',
        action: 'create',
        changes: [...gone, `PoolName: ${defs.userPool.PoolName}`, ...summary(defs)],
      },
      {
        resource: name,
        object: 'app client',
        action: 'create',
        changes: [`ClientName: ${defs.client.ClientName}`],
      },
    );
    return;
  }
  plan.pool = pool;
  const { PoolName, ...settings } = updatable(defs);
  const poolChanges = [
    ...diff({ Name: PoolName }, { Name: pool.Name }),
    ...diff(settings, pool, '', ['LambdaConfig']),
  ].map(describeDifference);
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
    return;
  }
  plan.client = client;
  const { GenerateSecret, ...clientSettings } = defs.client;
  const clientChanges = diff(clientSettings, client).map(describeDifference);
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
}

/** A few lines that say what a new pool will be like. */
function summary(defs: AuthDefinitions): string[] {
  const p = defs.userPool;
  const policy = p.Policies?.PasswordPolicy;
  return [
    `sign-in: ${(p.UsernameAttributes ?? ['username']).join(' or ')}`,
    `required attributes: ${(p.Schema ?? [])
      .filter((a) => a.Required)
      .map((a) => a.Name)
      .join(', ')}`,
    `password: at least ${policy?.MinimumLength ?? 8} characters`,
    `MFA: ${p.MfaConfiguration ?? 'OFF'}`,
  ];
}

/** Checks an imported resource still exists; it is never changed. */
async function planImported(api: CognitoIdentityProviderClient, plan: ResourcePlan) {
  const { name, ids } = plan;
  const pool = ids.UserPoolId ? await describePool(api, ids.UserPoolId) : undefined;
  const client =
    pool && ids.UserPoolClientId
      ? await describeClient(api, ids.UserPoolId as string, ids.UserPoolClientId)
      : undefined;
  if (!pool || !client) {
    throw new CliError(
      `imported auth resource ${name}: ${pool ? `app client ${ids.UserPoolClientId}` : `user pool ${ids.UserPoolId ?? '(none)'}`} is not on the server`,
      'run `cognate import auth` again to pick another pool, or `cognate remove auth` to unlink it',
      'ImportMissing',
    );
  }
  plan.pool = pool;
  plan.client = client;
  plan.steps.push({
    resource: name,
    object: 'imported pool',
    action: 'no-change',
    id: pool.Id,
    changes: [],
  });
}

/** Reads the files and the server, and says what push would do. Changes nothing. */
export async function makePlan(
  project: Project,
  api: CognitoIdentityProviderClient,
  envName: string,
  env: EnvironmentInfo,
): Promise<Plan> {
  const backend = project.backendConfig();
  const resources: ResourcePlan[] = [];
  // Definitions first: a broken file fails before any call to the server.
  const defined = Object.entries(backend.auth).map(([name, meta]) => ({
    name,
    serviceType: meta.serviceType,
    definitions:
      meta.serviceType === 'managed' ? readDefinitions(project.authDir(name), name) : undefined,
  }));
  // One cheap signed call first: a server that is down or a wrong key fails here, before the
  // plan claims that resources without ids are merely to be created.
  await api.send(new ListUserPoolsCommand({ MaxResults: 1 }));
  for (const { name, serviceType, definitions } of defined) {
    const plan: ResourcePlan = {
      name,
      serviceType,
      ids: { ...env.resources.auth[name] },
      definitions,
      steps: [],
      unsupported: definitions ? unsupportedParts(definitions) : [],
      blocked: [],
    };
    if (definitions) await planManaged(api, plan, definitions);
    else await planImported(api, plan);
    resources.push(plan);
  }
  for (const [name, ids] of Object.entries(env.resources.auth)) {
    if (backend.auth[name]) continue;
    resources.push({
      name,
      serviceType: 'managed',
      ids,
      steps: [
        {
          resource: name,
          object: 'resource',
          action: 'unlink',
          id: ids.UserPoolId,
          changes: ['removed from the project; the pool stays on the server'],
        },
      ],
      unsupported: [],
      blocked: [],
    });
  }
  const changeCount = resources
    .flatMap((r) => r.steps)
    .filter((s) => s.action !== 'no-change' && s.action !== 'check').length;
  return { env: envName, endpoint: env.endpoint, resources, changeCount };
}

const SIGN = { create: '+', update: '~', unlink: '-', 'no-change': '=', check: '?' } as const;

/** The plan as lines for a terminal, diff style. */
export function formatPlan(plan: Plan): string[] {
  const lines = [`Environment ${plan.env} at ${plan.endpoint}`];
  for (const r of plan.resources) {
    lines.push('', `auth/${r.name} (${r.serviceType})`);
    for (const s of r.steps) {
      const label = s.action === 'no-change' ? 'no change' : s.action;
      lines.push(`  ${SIGN[s.action]} ${s.object}${s.id ? ` ${s.id}` : ''}: ${label}`);
      for (const c of s.changes) lines.push(`      ${c}`);
    }
    for (const b of r.blocked) lines.push(`  ! ${b}`);
    for (const u of r.unsupported) lines.push(`  ⚠ ${u}`);
  }
  return lines;
}

/** What a step did, for progress and `--json`. */
export interface Applied {
  resource: string;
  object: string;
  action: Action;
  id?: string;
}

/**
 * Applies a plan through the management API, saving each new id as soon as it exists, so a push
 * that fails halfway is finished by running it again rather than creating duplicates.
 */
export async function applyPlan(
  plan: Plan,
  api: CognitoIdentityProviderClient,
  save: (resource: string, ids: AuthIds | undefined) => void,
  progress: (line: string) => void,
): Promise<Applied[]> {
  const done: Applied[] = [];
  for (const r of plan.resources) {
    if (r.blocked.length) {
      throw new CliError(
        `auth/${r.name} asks for changes a user pool cannot take: ${r.blocked.join('; ')}`,
        `undo them in cognate/backend/auth/${r.name}/, or remove the resource and add a new one`,
        'Blocked',
      );
    }
  }
  for (const r of plan.resources) {
    const ids = r.ids;
    const defs = r.definitions;
    for (const step of r.steps) {
      if (step.action === 'no-change' || step.action === 'check') continue;
      const what = `${step.object} of auth/${r.name}`;
      if (step.action === 'unlink') {
        save(r.name, undefined);
        progress(`✔ unlinked auth/${r.name} (pool ${ids.UserPoolId ?? '-'} stays on the server)`);
      } else if (!defs) {
        continue;
      } else if (step.object === 'user pool' && step.action === 'create') {
        progress(`… creating ${what}`);
        const res = await api.send(new CreateUserPoolCommand(defs.userPool));
        ids.UserPoolId = res.UserPool?.Id;
        ids.Region = ids.UserPoolId?.split('_')[0];
        ids.UserPoolClientId = undefined;
        save(r.name, ids);
        progress(`✔ created ${what}: ${ids.UserPoolId}`);
      } else if (step.object === 'user pool') {
        progress(`… updating ${what}`);
        await api.send(
          new UpdateUserPoolCommand({ UserPoolId: ids.UserPoolId, ...updatable(defs) }),
        );
        progress(`✔ updated ${what}: ${ids.UserPoolId}`);
      } else if (step.object === 'custom attributes') {
        const custom = (defs.userPool.Schema ?? []).filter((a) =>
          step.changes.some((c) => c.startsWith(`custom:${a.Name} `)),
        );
        await api.send(
          new AddCustomAttributesCommand({ UserPoolId: ids.UserPoolId, CustomAttributes: custom }),
        );
        progress(`✔ added ${custom.length} custom attribute(s) to ${ids.UserPoolId}`);
      } else if (step.object === 'app client' && step.action === 'create') {
        progress(`… creating ${what}`);
        const res = await api.send(
          new CreateUserPoolClientCommand({ UserPoolId: ids.UserPoolId, ...defs.client }),
        );
        ids.UserPoolClientId = res.UserPoolClient?.ClientId;
        save(r.name, ids);
        progress(`✔ created ${what}: ${ids.UserPoolClientId}`);
      } else if (step.object === 'app client') {
        progress(`… updating ${what}`);
        const { GenerateSecret: _g, ...settings } = defs.client;
        await api.send(
          new UpdateUserPoolClientCommand({
            UserPoolId: ids.UserPoolId,
            ClientId: ids.UserPoolClientId,
            ...settings,
          }),
        );
        progress(`✔ updated ${what}: ${ids.UserPoolClientId}`);
      }
      done.push({
        resource: r.name,
        object: step.object,
        action: step.action,
        id: step.id ?? ids.UserPoolId,
      });
    }
  }
  return done;
}
