import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  type CognitoIdentityProviderClient,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { readDefinitions, unsupportedParts } from './definitions.ts';
import {
  describeIdentityPool,
  type IdentityApis,
  planDeletion,
  planIdentityPool,
} from './identity-pool.ts';
import { CliError } from './output.ts';
import { customAttributeWarnings, planGroups } from './plan-groups.ts';
import { describeClient, describePool, planManaged, planPoolDeletion } from './plan-managed.ts';
import type { Plan, ResourcePlan } from './plan-types.ts';
import type { EnvironmentInfo, Project } from './project.ts';
import { readCredentials } from './secrets.ts';
import { functionNotes } from './triggers.ts';

/** Checks an imported resource still exists; it is never changed. */
async function planImported(
  api: CognitoIdentityProviderClient,
  identity: IdentityApis,
  plan: ResourcePlan,
) {
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
  if (!ids.IdentityPoolId) return;
  const identityPool = await describeIdentityPool(identity, ids.IdentityPoolId);
  if (!identityPool) {
    throw new CliError(
      `imported auth resource ${name}: identity pool ${ids.IdentityPoolId} is not on the server`,
      'run `cognate import auth` again to pick another one, or `cognate remove auth` to unlink it',
      'ImportMissing',
    );
  }
  plan.steps.push({
    resource: name,
    object: 'imported identity pool',
    action: 'no-change',
    id: identityPool.IdentityPoolId,
    changes: [],
  });
}

/** Reads the files and the server, and says what push would do. Changes nothing. */
export async function makePlan(
  project: Project,
  api: CognitoIdentityProviderClient,
  envName: string,
  env: EnvironmentInfo,
  identity: IdentityApis,
): Promise<Plan> {
  const backend = project.backendConfig();
  const projectName = project.config().projectName;
  // New roles of this push share one stamp, as Amplify's share their stack's.
  const stamp = randomUUID().slice(0, 5);
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
      warnings: [],
      notes: [],
      blocked: [],
    };
    if (definitions) {
      const show = (file: string) => path.relative(project.root, file);
      const functions = functionNotes(
        definitions.userPool.LambdaConfig,
        project.functionsDir(),
        show,
      );
      plan.warnings.push(...functions.warnings);
      plan.notes.push(...functions.notes);
    }
    if (definitions) {
      await planManaged(api, plan, definitions, {
        envName,
        endpoint: env.endpoint,
        credentials: readCredentials(project, envName, name),
      });
      await planGroups(api, plan, definitions);
      plan.warnings.push(...customAttributeWarnings(plan, definitions));
      await planIdentityPool(identity, plan, definitions.identityPool, {
        envName,
        region: plan.ids.Region ?? plan.ids.UserPoolId?.split('_')[0] ?? env.region,
        projectName,
        stamp,
      });
    } else await planImported(api, identity, plan);
    resources.push(plan);
  }
  for (const [name, ids] of Object.entries(env.resources.auth)) {
    if (backend.auth[name]) continue;
    const removed: ResourcePlan = {
      name,
      serviceType: 'managed',
      ids: { ...ids },
      steps: [],
      unsupported: [],
      warnings: [],
      notes: [],
      blocked: [],
    };
    // The identity pool and roles push made for the resource go with it (an imported
    // identity pool, whose roles have no names here, stays).
    if (ids.IdentityPoolId && ids.AuthRoleName) await planDeletion(identity, removed);
    await planPoolDeletion(api, removed);
    resources.push({
      ...removed,
      steps: [
        ...removed.steps,
        {
          resource: name,
          object: 'resource',
          action: 'unlink',
          id: ids.UserPoolId,
          changes: [
            ids.ServiceType === 'managed'
              ? 'removed from the project'
              : 'removed from the project; the pool stays on the server',
          ],
        },
      ],
    });
  }
  const changeCount = resources
    .flatMap((r) => r.steps)
    .filter((s) => s.action !== 'no-change' && s.action !== 'check').length;
  return { env: envName, endpoint: env.endpoint, resources, changeCount };
}

const SIGN = {
  create: '+',
  update: '~',
  delete: '-',
  unlink: '-',
  'no-change': '=',
  check: '?',
} as const;

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
    for (const u of [...r.unsupported, ...r.warnings]) lines.push(`  ⚠ ${u}`);
    for (const n of r.notes) lines.push(`  ℹ ${n}`);
  }
  return lines;
}
