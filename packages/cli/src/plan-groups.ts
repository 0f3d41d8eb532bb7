import {
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
  DeleteGroupCommand,
  type GroupType,
  ListGroupsCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AuthDefinitions } from './definitions.ts';
import type { ResourcePlan, Step } from './plan-types.ts';

// User pool groups as push keeps them: created with their precedence, updated when moved,
// deleted when no longer named. Only groups push made are deleted: they carry its description,
// so a group an administrator made on the server is left alone.

/** The step object of a group (its name is the step's id). */
export const GROUP_OBJECT = 'user pool group';

/** The description push gives the groups it makes; it marks them as the project's. */
export const groupDescription = (resource: string) => `Managed by cognate push (auth/${resource})`;

async function listGroups(
  api: CognitoIdentityProviderClient,
  poolId: string,
): Promise<GroupType[]> {
  const groups: GroupType[] = [];
  let NextToken: string | undefined;
  do {
    const page = await api.send(
      new ListGroupsCommand({ UserPoolId: poolId, Limit: 60, NextToken }),
    );
    groups.push(...(page.Groups ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return groups;
}

/** The group steps: create, update (precedence) or delete, in that order. */
export async function planGroups(
  api: CognitoIdentityProviderClient,
  plan: ResourcePlan,
  defs: AuthDefinitions,
): Promise<void> {
  const wanted = defs.groups ?? [];
  const onServer = plan.pool?.Id ? await listGroups(api, plan.pool.Id) : [];
  const byName = new Map(onServer.map((g) => [g.GroupName, g]));
  const step = (action: Step['action'], id: string, changes: string[]): Step => ({
    resource: plan.name,
    object: GROUP_OBJECT,
    action,
    id,
    changes,
  });
  for (const g of wanted) {
    const current = byName.get(g.GroupName);
    if (!current) {
      plan.steps.push(step('create', g.GroupName, [`Precedence: ${g.Precedence}`]));
    } else if (current.Precedence !== g.Precedence) {
      plan.steps.push(
        step('update', g.GroupName, [`Precedence: ${current.Precedence ?? '-'} → ${g.Precedence}`]),
      );
    } else plan.steps.push(step('no-change', g.GroupName, []));
  }
  const mine = groupDescription(plan.name);
  for (const g of onServer) {
    if (g.Description !== mine || wanted.some((w) => w.GroupName === g.GroupName)) continue;
    plan.steps.push(
      step('delete', g.GroupName as string, ['no longer in the answers; its users leave it']),
    );
  }
}

/** Carries out one group step on pool `poolId`. */
export async function applyGroupStep(
  api: CognitoIdentityProviderClient,
  step: Step,
  defs: AuthDefinitions,
  poolId: string,
  progress: (line: string) => void,
): Promise<void> {
  const GroupName = step.id as string;
  const group = defs.groups?.find((g) => g.GroupName === GroupName);
  const Description = groupDescription(step.resource);
  if (step.action === 'create' && group) {
    await api.send(
      new CreateGroupCommand({
        UserPoolId: poolId,
        GroupName,
        Precedence: group.Precedence,
        Description,
      }),
    );
    progress(`✔ created user pool group ${GroupName} (precedence ${group.Precedence})`);
  } else if (step.action === 'update' && group) {
    await api.send(
      new UpdateGroupCommand({
        UserPoolId: poolId,
        GroupName,
        Precedence: group.Precedence,
        Description,
      }),
    );
    progress(`✔ updated user pool group ${GroupName} (precedence ${group.Precedence})`);
  } else if (step.action === 'delete') {
    await api.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName }));
    progress(`✔ deleted user pool group ${GroupName}`);
  }
}

/**
 * Warnings for custom attributes push cannot change: one on the server but no longer in the
 * answers stays (Cognito cannot remove a custom attribute), and a type or mutability change is
 * not made (Cognito cannot change them either).
 */
export function customAttributeWarnings(plan: ResourcePlan, defs: AuthDefinitions): string[] {
  const wanted = new Map<string, NonNullable<typeof defs.userPool.Schema>[number]>(
    (defs.userPool.Schema ?? []).map((a) => [`custom:${a.Name}`, a]),
  );
  const out: string[] = [];
  for (const actual of plan.pool?.SchemaAttributes ?? []) {
    const name = actual.Name ?? '';
    if (!name.startsWith('custom:')) continue;
    const want = wanted.get(name);
    if (!want) {
      out.push(
        `${name} stays on the pool: Cognito cannot remove a custom attribute, so push cannot either`,
      );
    } else if (
      want.AttributeDataType !== actual.AttributeDataType ||
      Boolean(want.Mutable) !== Boolean(actual.Mutable)
    ) {
      out.push(
        `${name} keeps its type ${actual.AttributeDataType} and ${actual.Mutable ? 'mutable' : 'immutable'}: Cognito cannot change a custom attribute once made`,
      );
    }
  }
  return out;
}
