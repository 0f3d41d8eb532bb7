import { isUniqueViolation } from '../../store/errors.ts';
import type { RolePolicyRecord, RoleRecord } from '../../store/repositories/iam-roles.ts';
import * as repo from '../../store/repositories/iam-roles.ts';
import type { Context } from '../context.ts';
import { DeleteConflict, EntityAlreadyExists, NoSuchEntity } from '../errors.ts';

export type { RolePolicyRecord, RoleRecord };

type Ctx = Pick<Context, 'db' | 'clock' | 'random' | 'accountId'>;

/** What CreateRole takes, validated by the caller. */
export interface NewRole {
  roleName: string;
  path: string;
  assumeRolePolicy: string;
  description?: string;
  maxSessionDuration: number;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** An IAM unique id of a role: `AROA` and 17 characters of [A-Z2-7], as IAM makes them. */
function newRoleId(random: Context['random']): string {
  const bytes = random(17);
  let id = 'AROA';
  for (const b of bytes) id += BASE32[b & 31];
  return id;
}

const noRole = (roleName: string) =>
  new NoSuchEntity(`The role with name ${roleName} cannot be found.`);

/** CreateRole: a new role; EntityAlreadyExists when the name is taken regardless of case. */
export async function createRole(ctx: Ctx, input: NewRole): Promise<RoleRecord> {
  const role: RoleRecord = {
    roleName: input.roleName,
    roleId: newRoleId(ctx.random),
    path: input.path,
    arn: `arn:aws:iam::${ctx.accountId}:role${input.path}${input.roleName}`,
    description: input.description,
    maxSessionDuration: input.maxSessionDuration,
    assumeRolePolicy: input.assumeRolePolicy,
    createdAt: ctx.clock.now(),
  };
  const exists = () => new EntityAlreadyExists(`Role with name ${input.roleName} already exists.`);
  if (await repo.findRole(ctx.db, input.roleName)) throw exists();
  try {
    await repo.insertRole(ctx.db, role);
  } catch (err) {
    if (isUniqueViolation(err)) throw exists();
    throw err;
  }
  return role;
}

/** GetRole: the role named; NoSuchEntity otherwise. */
export async function getRole(ctx: Pick<Context, 'db'>, roleName: string): Promise<RoleRecord> {
  const role = await repo.findRole(ctx.db, roleName);
  if (!role) throw noRole(roleName);
  return role;
}

/** DeleteRole: refused with DeleteConflict while the role has inline policies, as IAM does. */
export async function deleteRole(ctx: Pick<Context, 'db'>, roleName: string): Promise<void> {
  await getRole(ctx, roleName);
  if ((await repo.listRolePolicies(ctx.db, roleName)).length > 0) throw new DeleteConflict();
  await repo.deleteRole(ctx.db, roleName);
}

/** ListRoles: one page by name; `marker` is the last name of the previous page. */
export async function listRoles(
  ctx: Pick<Context, 'db'>,
  opts: { pathPrefix?: string; marker?: string; maxItems: number },
): Promise<{ roles: RoleRecord[]; marker?: string }> {
  const found = await repo.listRoles(ctx.db, {
    pathPrefix: opts.pathPrefix,
    after: opts.marker,
    limit: opts.maxItems + 1,
  });
  const roles = found.slice(0, opts.maxItems);
  const more = found.length > opts.maxItems;
  return { roles, marker: more ? roles[roles.length - 1].roleName : undefined };
}

/** PutRolePolicy: creates or replaces an inline policy of the role. */
export async function putRolePolicy(
  ctx: Pick<Context, 'db' | 'clock'>,
  roleName: string,
  policy: RolePolicyRecord,
): Promise<void> {
  await getRole(ctx, roleName);
  await repo.putRolePolicy(ctx.db, roleName, policy, ctx.clock.now());
}

/** GetRolePolicy: the role's (real) name and the policy; NoSuchEntity for either missing. */
export async function getRolePolicy(
  ctx: Pick<Context, 'db'>,
  roleName: string,
  policyName: string,
): Promise<{ role: RoleRecord; policy: RolePolicyRecord }> {
  const role = await getRole(ctx, roleName);
  const policy = await repo.findRolePolicy(ctx.db, roleName, policyName);
  if (!policy) throw new NoSuchEntity(`The role policy with name ${policyName} cannot be found.`);
  return { role, policy };
}

/** DeleteRolePolicy: NoSuchEntity when the role or its policy does not exist. */
export async function deleteRolePolicy(
  ctx: Pick<Context, 'db'>,
  roleName: string,
  policyName: string,
): Promise<void> {
  await getRole(ctx, roleName);
  if (!(await repo.deleteRolePolicy(ctx.db, roleName, policyName)))
    throw new NoSuchEntity(`The role policy with name ${policyName} cannot be found.`);
}

/** ListRolePolicies: the names of the role's inline policies, one page after `marker`. */
export async function listRolePolicies(
  ctx: Pick<Context, 'db'>,
  roleName: string,
  opts: { marker?: string; maxItems: number },
): Promise<{ names: string[]; marker?: string }> {
  await getRole(ctx, roleName);
  const all = (await repo.listRolePolicies(ctx.db, roleName)).map((p) => p.policyName);
  const rest =
    opts.marker === undefined ? all : all.filter((name) => name > (opts.marker as string));
  const names = rest.slice(0, opts.maxItems);
  return { names, marker: rest.length > opts.maxItems ? names[names.length - 1] : undefined };
}

/**
 * The permissions policies (JSON strings) of the role an ARN names, as @cognate/sigv4 evaluates
 * them; [] for a role that does not exist here or belongs to another account (the verifier then
 * denies everything).
 */
export async function rolePolicies(
  ctx: Pick<Context, 'db' | 'accountId'>,
  roleArn: string,
): Promise<string[]> {
  const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
  if (!m || m[1] !== ctx.accountId) return [];
  const role = await repo.findRole(ctx.db, m[2]);
  if (!role || role.arn !== roleArn) return [];
  return (await repo.listRolePolicies(ctx.db, role.roleName)).map((p) => p.document);
}
