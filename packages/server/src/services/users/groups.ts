import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import { isUniqueViolation } from '../../store/errors.ts';
import type { Group, TokenGroup } from '../../store/repositories/groups.ts';
import * as repo from '../../store/repositories/groups.ts';
import type { Context } from '../context.ts';
import { GroupExistsException, ResourceNotFoundException } from '../errors.ts';
import { openPageToken, sealPageToken } from '../page-tokens.ts';
import { validationError } from '../validation/messages.ts';
import { requireUser } from './admin-users.ts';

export type { Group } from '../../store/repositories/groups.ts';

type Deps = Pick<Context, 'db' | 'clock' | 'serverSecret'>;

/** The settable fields of a group; on update, absent means unchanged. */
export interface GroupFields {
  description?: string;
  roleArn?: string;
  precedence?: number;
}

/** A page request as parsed from the wire: `Limit` and `NextToken`. */
export interface PageInput {
  limit?: number;
  nextToken?: string;
}

/** Loads a group of the pool or throws ResourceNotFoundException "Group not found.". */
export async function requireGroup(ctx: Pick<Context, 'db'>, pool: UserPool, name: string) {
  const group = await repo.findGroup(ctx.db, pool.id, name);
  if (!group) throw new ResourceNotFoundException('Group not found.');
  return group;
}

/** CreateGroup. */
export async function createGroup(
  ctx: Deps,
  pool: UserPool,
  name: string,
  fields: GroupFields,
): Promise<Group> {
  const now = new Date(ctx.clock.now());
  const group: Group = { userPoolId: pool.id, name, ...fields, createdAt: now, updatedAt: now };
  try {
    await repo.insertGroup(ctx.db, group);
  } catch (err) {
    // The primary key decides, so two racing creates cannot both succeed.
    if (isUniqueViolation(err)) throw new GroupExistsException();
    throw err;
  }
  return group;
}

/** UpdateGroup: only the fields given change (the API reference's example keeps the role). */
export async function updateGroup(
  ctx: Deps,
  pool: UserPool,
  name: string,
  changes: GroupFields,
): Promise<Group> {
  if (!(await repo.updateGroupFields(ctx.db, pool.id, name, changes, ctx.clock.now()))) {
    throw new ResourceNotFoundException('Group not found.');
  }
  return requireGroup(ctx, pool, name);
}

/** DeleteGroup: members leave it; their next tokens no longer name it. */
export async function deleteGroup(ctx: Deps, pool: UserPool, name: string): Promise<void> {
  await requireGroup(ctx, pool, name);
  await repo.deleteGroup(ctx.db, pool.id, name);
}

/** AdminAddUserToGroup: adding a member again succeeds and changes nothing. */
export async function addUserToGroup(
  ctx: Deps,
  pool: UserPool,
  groupName: string,
  username: string,
): Promise<void> {
  if (!(await repo.lockGroup(ctx.db, pool.id, groupName))) {
    throw new ResourceNotFoundException('Group not found.');
  }
  const user = await requireUser(ctx, pool, username);
  await repo.addMember(ctx.db, {
    userPoolId: pool.id,
    groupName,
    userId: user.id,
    createdAt: ctx.clock.now(),
  });
}

/** AdminRemoveUserFromGroup: removing a non-member succeeds and changes nothing. */
export async function removeUserFromGroup(
  ctx: Deps,
  pool: UserPool,
  groupName: string,
  username: string,
): Promise<void> {
  const group = await requireGroup(ctx, pool, groupName);
  const user = await requireUser(ctx, pool, username);
  await repo.removeMember(ctx.db, pool.id, group.name, user.id);
}

/** ListGroups: the pool's groups by name. */
export async function listGroups(ctx: Deps, pool: UserPool, page: PageInput) {
  return paginate(ctx, `ListGroups\0${pool.id}`, page, (limit, after) =>
    repo.listGroups(ctx.db, pool.id, limit, after).then((gs) => keyed(gs, (g) => g.name)),
  );
}

/** AdminListGroupsForUser: the user's groups by name. */
export async function listGroupsForUser(
  ctx: Deps,
  pool: UserPool,
  username: string,
  page: PageInput,
) {
  const user = await requireUser(ctx, pool, username);
  return paginate(ctx, `AdminListGroupsForUser\0${user.id}`, page, (limit, after) =>
    repo.listGroupsOfUser(ctx.db, user.id, limit, after).then((gs) => keyed(gs, (g) => g.name)),
  );
}

/** ListUsersInGroup: the group's members by `sub`. */
export async function listUsersInGroup(
  ctx: Deps,
  pool: UserPool,
  groupName: string,
  page: PageInput,
) {
  const group = await requireGroup(ctx, pool, groupName);
  return paginate(ctx, `ListUsersInGroup\0${pool.id}\0${group.name}`, page, (limit, after) =>
    repo
      .listMembers(ctx.db, pool.id, group.name, limit, after)
      .then((us) => keyed(us, (u: User) => u.id)),
  );
}

// Pagination is keyset: a page resumes strictly after the last key seen, so groups or members
// added or removed between calls neither repeat nor skip the others. The key travels in an
// opaque token MACed with the server secret and bound to the listing, so a token that was
// altered, or belongs to another listing, is refused rather than trusted.

/** Cognito answers 25 items when `Limit` is absent. */
const DEFAULT_PAGE_SIZE = 25;

function keyed<T>(items: T[], key: (item: T) => string) {
  return items.map((item) => ({ item, key: key(item) }));
}

async function paginate<T>(
  ctx: Deps,
  scope: string,
  page: PageInput,
  fetch: (limit: number, after?: string) => Promise<{ item: T; key: string }[]>,
): Promise<{ items: T[]; nextToken?: string }> {
  const size = pageSize(page.limit);
  const after =
    page.nextToken === undefined ? undefined : openPageToken(ctx, scope, page.nextToken, isString);
  const rows = await fetch(size + 1, after);
  const shown = rows.slice(0, size);
  return {
    items: shown.map((r) => r.item),
    nextToken:
      rows.length > size ? sealPageToken(ctx, scope, shown[shown.length - 1].key) : undefined,
  };
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function pageSize(limit?: number): number {
  // The model allows 0 but Cognito's service then refuses it with this message.
  if (limit === 0) {
    validationError(limit, 'maxItems', 'Member must have value greater than or equal to 1');
  }
  return limit ?? DEFAULT_PAGE_SIZE;
}

/** Group claims of a user's tokens; absent when the user is in no group. */
export interface GroupClaims {
  /** `cognito:groups`, in both tokens. */
  groups: string[];
  /** `cognito:roles`, ID token only; absent when no group has a role. */
  roles?: string[];
  /** `cognito:preferred_role`, ID token only. */
  preferredRole?: string;
}

/** Lower precedence first; a group without precedence ranks after every number. */
function byPrecedence(a: TokenGroup, b: TokenGroup): number {
  const pa = a.precedence ?? Number.POSITIVE_INFINITY;
  const pb = b.precedence ?? Number.POSITIVE_INFINITY;
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Cognito's group claims from a user's groups. The preferred role is the role of the
 * lowest-precedence group that has one; when groups tied at that precedence name different
 * roles, Cognito sets no preferred role (CreateGroup, "Precedence" in the API reference).
 */
export function groupClaims(groups: TokenGroup[]): GroupClaims | undefined {
  if (groups.length === 0) return undefined;
  const ordered = [...groups].sort(byPrecedence);
  const withRole = ordered.filter((g) => g.roleArn !== undefined);
  const roles = [...new Set(withRole.map((g) => g.roleArn as string))];
  let preferredRole: string | undefined;
  if (withRole.length > 0) {
    const top = withRole[0].precedence;
    const tied = new Set(withRole.filter((g) => g.precedence === top).map((g) => g.roleArn));
    if (tied.size === 1) preferredRole = withRole[0].roleArn;
  }
  return {
    groups: ordered.map((g) => g.name),
    roles: roles.length > 0 ? roles : undefined,
    preferredRole,
  };
}

/** The group claims for a user's next tokens: one indexed query. */
export async function loadGroupClaims(
  ctx: Pick<Context, 'db'>,
  userId: string,
): Promise<GroupClaims | undefined> {
  return groupClaims(await repo.tokenGroupsOfUser(ctx.db, userId));
}
