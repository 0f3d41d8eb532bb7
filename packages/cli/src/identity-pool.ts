import {
  type CognitoIdentityClient,
  type CognitoIdentityProvider,
  CreateIdentityPoolCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  type IdentityPool,
  SetIdentityPoolRolesCommand,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  type IAMClient,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import type { IdentityPoolDefinition } from './definitions.ts';
import { describeDifference, diff } from './diff.ts';
import type { ResourcePlan, Step } from './plan-types.ts';
import type { AuthIds } from './project.ts';

// The identity pool's part of a plan, as the Amplify CLI's auth stack makes it: the pool named
// `<name>__<env>` with the user pool's web client as its Cognito provider, and the two roles of
// the environment (`amplify-<project>-<env>-<stamp>-authRole` / `-unauthRole`, IAM's CreateRole on
// the server) whose trust policy names the identity pool, attached with SetIdentityPoolRoles.

/** The Cognito Identity and IAM clients of an environment, signed with its admin key. */
export interface IdentityApis {
  identity: CognitoIdentityClient;
  iam: IAMClient;
}

/** Step objects this module plans and applies, in the order push applies them. */
export const IDENTITY_OBJECTS = [
  'identity pool',
  'auth role',
  'unauth role',
  'identity pool roles',
];

const notFound = (err: unknown) =>
  ['ResourceNotFoundException', 'NoSuchEntityException', 'NoSuchEntity'].includes(
    (err as Error).name,
  );

/** The pool's name on the server: Amplify appends `__<env>` so environments never clash. */
export const identityPoolNameFor = (name: string, envName: string) => `${name}__${envName}`;

/** The definitions' name from the server's (`<name>__<env>` without the environment). */
export const identityPoolBaseName = (serverName: string, envName: string) =>
  serverName.endsWith(`__${envName}`) ? serverName.slice(0, -(envName.length + 2)) : serverName;

/**
 * The roles' names, as the Amplify CLI's root stack names them: `amplify-<project>-<env>-<stamp>`
 * in lower case without other characters, `-authRole` / `-unauthRole` appended (at most 64).
 */
export function roleNamesFor(projectName: string, envName: string, stamp: string) {
  let stack = `amplify-${projectName}-${envName}-${stamp}`.toLowerCase().replace(/[^-a-z0-9]/g, '');
  if (!/^[a-z]/.test(stack)) stack = `a${stack}`;
  // `-unauthRole` is 11 characters; IAM role names stop at 64.
  if (stack.length > 53) stack = `${stack.slice(0, 53 - stamp.length - 1)}-${stamp}`;
  return { auth: `${stack}-authRole`, unauth: `${stack}-unauthRole` };
}

/**
 * The trust policy the Amplify CLI gives the roles once the identity pool exists: only
 * Cognito Identity may assume them, for this pool, authenticated or not.
 */
export function trustPolicy(identityPoolId: string, amr: 'authenticated' | 'unauthenticated') {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': identityPoolId },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
        },
      },
    ],
  });
}

/** CreateIdentityPool's request for the definition, with the pushed pool and client filled in. */
export function identityPoolRequest(
  def: IdentityPoolDefinition,
  at: { envName: string; region: string; userPoolId?: string; clientId?: string },
) {
  const providers: CognitoIdentityProvider[] = def.CognitoIdentityProviders.map((p) => ({
    ProviderName: p.ProviderName.replace('<Region>', at.region).replace(
      '<UserPoolId>',
      at.userPoolId ?? '<UserPoolId>',
    ),
    ClientId: p.ClientId.replace('<UserPoolClientId>', at.clientId ?? '<UserPoolClientId>'),
    ServerSideTokenCheck: Boolean(p.ServerSideTokenCheck),
  }));
  return {
    IdentityPoolName: identityPoolNameFor(def.IdentityPoolName, at.envName),
    AllowUnauthenticatedIdentities: def.AllowUnauthenticatedIdentities,
    SupportedLoginProviders: def.SupportedLoginProviders ?? {},
    CognitoIdentityProviders: providers,
  };
}

/** DescribeIdentityPool, or undefined when the pool is gone. */
export async function describeIdentityPool(apis: IdentityApis, id: string) {
  try {
    return await apis.identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }));
  } catch (err) {
    if (notFound(err)) return undefined;
    throw err;
  }
}

/** GetRole's role, or undefined when there is none of that name. */
async function getRole(apis: IdentityApis, name: string) {
  try {
    return (await apis.iam.send(new GetRoleCommand({ RoleName: name }))).Role;
  } catch (err) {
    if (notFound(err)) return undefined;
    throw err;
  }
}

/** The members compared for an update, in a form that does not differ by mere defaults. */
function comparable(p: Partial<IdentityPool>) {
  return {
    IdentityPoolName: p.IdentityPoolName,
    AllowUnauthenticatedIdentities: Boolean(p.AllowUnauthenticatedIdentities),
    SupportedLoginProviders: p.SupportedLoginProviders ?? {},
    CognitoIdentityProviders: (p.CognitoIdentityProviders ?? []).map((c) => ({
      ProviderName: c.ProviderName,
      ClientId: c.ClientId,
      ServerSideTokenCheck: Boolean(c.ServerSideTokenCheck),
    })),
  };
}

/** What each identity step needs at apply time, beside the printed plan. */
const stepData = new WeakMap<Step, { before?: IdentityPool }>();

/**
 * Plans the identity pool of a managed resource (after its user pool and client steps):
 * create, update or delete it and its roles. `userPoolId` / `clientId` are undefined when push
 * creates them first. `stamp` names new roles.
 */
export async function planIdentityPool(
  apis: IdentityApis,
  plan: ResourcePlan,
  def: IdentityPoolDefinition | undefined,
  at: { envName: string; region: string; projectName: string; stamp: string },
): Promise<void> {
  const { ids, name } = plan;
  if (!def) {
    if (ids.IdentityPoolId && ids.AuthRoleName) await planDeletion(apis, plan);
    return;
  }
  const existing = ids.IdentityPoolId
    ? await describeIdentityPool(apis, ids.IdentityPoolId)
    : undefined;
  const desired = identityPoolRequest(def, {
    ...at,
    userPoolId: plan.pool?.Id,
    clientId: plan.client?.ClientId,
  });
  if (!existing) {
    const gone = ids.IdentityPoolId
      ? [`identity pool ${ids.IdentityPoolId} is no longer on the server`]
      : [];
    plan.steps.push({
      resource: name,
      object: 'identity pool',
      action: 'create',
      changes: [
        ...gone,
        `IdentityPoolName: ${desired.IdentityPoolName}`,
        `AllowUnauthenticatedIdentities: ${desired.AllowUnauthenticatedIdentities}`,
        `CognitoIdentityProviders: ${plan.client?.ClientId ? `${desired.CognitoIdentityProviders[0]?.ProviderName} (${plan.client.ClientId})` : 'the user pool and its web app client'}`,
        ...Object.entries(desired.SupportedLoginProviders).map(
          ([provider, id]) => `SupportedLoginProviders.${provider}: ${id}`,
        ),
      ],
    });
  } else {
    const changes = diff(comparable(desired), comparable(existing), '', [
      'SupportedLoginProviders',
    ]).map(describeDifference);
    const step: Step = {
      resource: name,
      object: 'identity pool',
      action: changes.length ? 'update' : 'no-change',
      id: existing.IdentityPoolId,
      changes,
    };
    stepData.set(step, { before: existing });
    plan.steps.push(step);
  }
  // Roles named before are looked up even for a new pool: they may have outlived it.
  const named = Boolean(ids.AuthRoleName);
  ids.AuthRoleName ??= roleNamesFor(at.projectName, at.envName, at.stamp).auth;
  ids.UnauthRoleName ??= roleNamesFor(at.projectName, at.envName, at.stamp).unauth;
  const arns: Record<string, string | undefined> = {};
  for (const [object, roleName, key] of [
    ['auth role', ids.AuthRoleName, 'authenticated'],
    ['unauth role', ids.UnauthRoleName, 'unauthenticated'],
  ] as const) {
    const role = named || existing ? await getRole(apis, roleName) : undefined;
    arns[key] = role?.Arn;
    plan.steps.push({
      resource: name,
      object,
      action: role ? 'no-change' : 'create',
      id: roleName,
      changes: role ? [] : [`RoleName: ${roleName}`],
    });
  }
  const attached = existing
    ? ((
        await apis.identity.send(
          new GetIdentityPoolRolesCommand({ IdentityPoolId: existing.IdentityPoolId }),
        )
      ).Roles ?? {})
    : {};
  const same =
    arns.authenticated &&
    arns.unauthenticated &&
    attached.authenticated === arns.authenticated &&
    attached.unauthenticated === arns.unauthenticated;
  plan.steps.push({
    resource: name,
    object: 'identity pool roles',
    action: same ? 'no-change' : existing ? 'update' : 'create',
    id: existing?.IdentityPoolId,
    changes: same
      ? []
      : [
          `authenticated: ${attached.authenticated ?? '(none)'} → ${arns.authenticated ?? ids.AuthRoleName}`,
          `unauthenticated: ${attached.unauthenticated ?? '(none)'} → ${arns.unauthenticated ?? ids.UnauthRoleName}`,
        ],
  });
}

/** Steps that delete a resource's identity pool and the roles push made for it. */
export async function planDeletion(apis: IdentityApis, plan: ResourcePlan): Promise<void> {
  const { ids, name } = plan;
  const pool = ids.IdentityPoolId
    ? await describeIdentityPool(apis, ids.IdentityPoolId)
    : undefined;
  if (pool) {
    plan.steps.push({
      resource: name,
      object: 'identity pool',
      action: 'delete',
      id: pool.IdentityPoolId,
      changes: [`IdentityPoolName: ${pool.IdentityPoolName}`],
    });
  }
  for (const [object, roleName] of [
    ['auth role', ids.AuthRoleName],
    ['unauth role', ids.UnauthRoleName],
  ] as const) {
    if (roleName && (await getRole(apis, roleName))) {
      plan.steps.push({ resource: name, object, action: 'delete', id: roleName, changes: [] });
    }
  }
  if (!pool) {
    // Nothing left on the server: forgetting the ids is the only change.
    plan.steps.push({
      resource: name,
      object: 'identity pool',
      action: 'delete',
      id: ids.IdentityPoolId,
      changes: ['already gone from the server; its ids are forgotten'],
    });
  }
}

/** Deletes a role with its inline policies (IAM refuses to delete a role that has some). */
async function deleteRole(apis: IdentityApis, roleName: string) {
  try {
    const listed = await apis.iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
    for (const policy of listed.PolicyNames ?? []) {
      await apis.iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policy }));
    }
    await apis.iam.send(new DeleteRoleCommand({ RoleName: roleName }));
  } catch (err) {
    if (!notFound(err)) throw err;
  }
}

/** What applying needs besides the step: the definitions, the env and where ids are saved. */
export interface IdentityApplyContext {
  def?: IdentityPoolDefinition;
  envName: string;
  region: string;
  ids: AuthIds;
  save: () => void;
  progress: (line: string) => void;
}

/** Carries out one identity step; new ids are saved as soon as they exist. */
export async function applyIdentityStep(
  apis: IdentityApis,
  step: Step,
  c: IdentityApplyContext,
): Promise<void> {
  const { ids, def, progress } = c;
  const what = `${step.object} of auth/${step.resource}`;
  if (step.action === 'delete') {
    if (step.object === 'identity pool') {
      if (step.id && !step.changes[0]?.startsWith('already gone')) {
        progress(`… deleting ${what}`);
        await apis.identity.send(new DeleteIdentityPoolCommand({ IdentityPoolId: step.id }));
      }
      ids.IdentityPoolId = undefined;
      progress(`✔ deleted ${what}: ${step.id}`);
    } else if (step.id) {
      progress(`… deleting ${what}`);
      await deleteRole(apis, step.id);
      progress(`✔ deleted ${what}: ${step.id}`);
    }
    if (step.object === 'auth role') {
      ids.AuthRoleName = undefined;
      ids.AuthRoleArn = undefined;
    } else if (step.object === 'unauth role') {
      ids.UnauthRoleName = undefined;
      ids.UnauthRoleArn = undefined;
    }
    c.save();
    return;
  }
  if (!def) return;
  const request = identityPoolRequest(def, {
    envName: c.envName,
    region: c.region,
    userPoolId: ids.UserPoolId,
    clientId: ids.UserPoolClientId,
  });
  if (step.object === 'identity pool' && step.action === 'create') {
    progress(`… creating ${what}`);
    const res = await apis.identity.send(new CreateIdentityPoolCommand(request));
    ids.IdentityPoolId = res.IdentityPoolId;
    c.save();
    progress(`✔ created ${what}: ${ids.IdentityPoolId}`);
  } else if (step.object === 'identity pool') {
    progress(`… updating ${what}`);
    const before = stepData.get(step)?.before;
    // UpdateIdentityPool replaces the whole pool: what the definitions do not manage (OpenID
    // Connect and SAML providers, the developer provider, the classic flow) is kept.
    await apis.identity.send(
      new UpdateIdentityPoolCommand({
        ...before,
        ...request,
        IdentityPoolId: ids.IdentityPoolId,
      } as IdentityPool),
    );
    progress(`✔ updated ${what}: ${ids.IdentityPoolId}`);
  } else if (step.object === 'auth role' || step.object === 'unauth role') {
    const auth = step.object === 'auth role';
    const roleName = (auth ? ids.AuthRoleName : ids.UnauthRoleName) as string;
    progress(`… creating ${what}`);
    const res = await apis.iam.send(
      new CreateRoleCommand({
        RoleName: roleName,
        AssumeRolePolicyDocument: trustPolicy(
          ids.IdentityPoolId as string,
          auth ? 'authenticated' : 'unauthenticated',
        ),
        Description: `Role of ${auth ? 'signed-in users' : 'guests'} of identity pool ${ids.IdentityPoolId}`,
      }),
    );
    if (auth) ids.AuthRoleArn = res.Role?.Arn;
    else ids.UnauthRoleArn = res.Role?.Arn;
    c.save();
    progress(`✔ created ${what}: ${roleName}`);
  } else if (step.object === 'identity pool roles') {
    progress(`… setting ${what}`);
    ids.AuthRoleArn ??= (await getRole(apis, ids.AuthRoleName as string))?.Arn;
    ids.UnauthRoleArn ??= (await getRole(apis, ids.UnauthRoleName as string))?.Arn;
    await apis.identity.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: ids.IdentityPoolId,
        Roles: {
          authenticated: ids.AuthRoleArn as string,
          unauthenticated: ids.UnauthRoleArn as string,
        },
      }),
    );
    c.save();
    progress(
      `✔ set ${what}: authenticated ${ids.AuthRoleName}, unauthenticated ${ids.UnauthRoleName}`,
    );
  }
}
