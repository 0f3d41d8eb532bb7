import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CreateGroupCommand,
  type CreateGroupRequest,
  DeleteGroupCommand,
  GetGroupCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  advanceClock,
  attrMap,
  claims,
  createPool,
  passwordPool,
  rejects,
  signedPost,
  signIn,
  signUpConfirmed,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const ROLE_A = 'arn:aws:iam::123456789012:role/GroupRoleA';
const ROLE_B = 'arn:aws:iam::123456789012:role/GroupRoleB';
const NO_POOL = 'us-east-1_NoSuchPoo';

const create = (poolId: string, name: string, extra: Partial<CreateGroupRequest> = {}) =>
  t.admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: name, ...extra }));
const get = (poolId: string, name: string) =>
  t.admin.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: name }));
const add = (poolId: string, group: string, username: string) =>
  t.admin.send(
    new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: group, Username: username }),
  );
const remove = (poolId: string, group: string, username: string) =>
  t.admin.send(
    new AdminRemoveUserFromGroupCommand({
      UserPoolId: poolId,
      GroupName: group,
      Username: username,
    }),
  );
const listGroups = (poolId: string, Limit?: number, NextToken?: string) =>
  t.admin.send(new ListGroupsCommand({ UserPoolId: poolId, Limit, NextToken }));
const groupsOf = (poolId: string, username: string, Limit?: number, NextToken?: string) =>
  t.admin.send(
    new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: username, Limit, NextToken }),
  );
const members = (poolId: string, group: string, Limit?: number, NextToken?: string) =>
  t.admin.send(
    new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: group, Limit, NextToken }),
  );

/** A user made by AdminCreateUser without an invitation. */
async function newUser(poolId: string, username = unique('member')): Promise<string> {
  await t.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${username.toLowerCase()}@example.com` }],
    }),
  );
  return username;
}

/** Follows NextToken through every page, returning each page's names. */
async function pages(
  fetch: (token?: string) => Promise<{ names: string[]; NextToken?: string }>,
): Promise<string[][]> {
  const out: string[][] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    out.push(page.names);
    token = page.NextToken;
  } while (token);
  return out;
}

const keysOf = (o: object) =>
  Object.keys(o)
    .filter((k) => k !== '$metadata')
    .sort();

test('CreateGroup returns the GroupType and GetGroup reads it back', async () => {
  const pool = await createPool(t);
  const startedAt = Date.now();
  const created = await create(pool.Id, 'editors', {
    Description: 'Can edit',
    RoleArn: ROLE_A,
    Precedence: 3,
  });
  const g = created.Group;
  assert.ok(g);
  assert.deepEqual(keysOf(g), [
    'CreationDate',
    'Description',
    'GroupName',
    'LastModifiedDate',
    'Precedence',
    'RoleArn',
    'UserPoolId',
  ]);
  assert.equal(g.GroupName, 'editors');
  assert.equal(g.UserPoolId, pool.Id);
  assert.equal(g.Description, 'Can edit');
  assert.equal(g.RoleArn, ROLE_A);
  assert.equal(g.Precedence, 3);
  assert.ok((g.CreationDate as Date).getTime() >= startedAt - 1000);
  assert.deepEqual(g.LastModifiedDate, g.CreationDate);
  assert.deepEqual((await get(pool.Id, 'editors')).Group, g);

  // Unset members are left out, not sent as null; precedence 0 is a value.
  const bare = (await create(pool.Id, 'readers')).Group ?? {};
  assert.deepEqual(keysOf(bare), ['CreationDate', 'GroupName', 'LastModifiedDate', 'UserPoolId']);
  assert.equal((await create(pool.Id, 'root', { Precedence: 0 })).Group?.Precedence, 0);
});

test('group names are unique per pool and case-sensitive', async () => {
  const pool = await createPool(t);
  const other = await createPool(t);
  await create(pool.Id, 'Admins', { Description: 'first' });
  await rejects(
    create(pool.Id, 'Admins', { Description: 'second' }),
    'GroupExistsException',
    'A group with the name already exists.',
  );
  assert.equal((await get(pool.Id, 'Admins')).Group?.Description, 'first');
  await create(pool.Id, 'admins');
  await create(other.Id, 'Admins');
  await rejects(get(pool.Id, 'ADMINS'), 'ResourceNotFoundException', 'Group not found.');
  assert.deepEqual(
    (await listGroups(pool.Id)).Groups?.map((g) => g.GroupName).sort(),
    ['Admins', 'admins'].sort(),
  );
});

test('CreateGroup refuses bad input with Cognito validation messages and creates nothing', async () => {
  const pool = await createPool(t);
  await rejects(
    create(pool.Id, 'has space'),
    'InvalidParameterException',
    /Value 'has space' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
  );
  await rejects(
    create(pool.Id, 'x'.repeat(129)),
    'InvalidParameterException',
    /at 'groupName' failed to satisfy constraint: Member must have length less than or equal to 128/,
  );
  await rejects(
    create(pool.Id, 'neg', { Precedence: -1 }),
    'InvalidParameterException',
    "1 validation error detected: Value '-1' at 'precedence' failed to satisfy constraint: Member must have value greater than or equal to 0",
  );
  await rejects(
    create(pool.Id, 'short-arn', { RoleArn: 'arn:aws:iam::1:r' }),
    'InvalidParameterException',
    /at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20/,
  );
  await rejects(
    create(pool.Id, 'bad-arn', { RoleArn: 'not an arn at all, really' }),
    'InvalidParameterException',
    /at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern/,
  );
  await rejects(
    create(pool.Id, 'long-desc', { Description: 'd'.repeat(2049) }),
    'InvalidParameterException',
    /at 'description' failed to satisfy constraint: Member must have length less than or equal to 2048/,
  );
  // Bodies the SDK would never send.
  for (const body of [
    { UserPoolId: pool.Id, GroupName: 'str-prec', Precedence: '1' },
    { UserPoolId: pool.Id, GroupName: 'frac-prec', Precedence: 1.5 },
    { UserPoolId: pool.Id, GroupName: 'huge-prec', Precedence: 2 ** 31 },
    { UserPoolId: pool.Id },
  ]) {
    const res = await signedPost(t, 'CreateGroup', JSON.stringify(body));
    assert.equal(res.status, 400);
    assert.equal(res.body.__type, 'InvalidParameterException', JSON.stringify(body));
  }
  const max = await signedPost(
    t,
    'CreateGroup',
    JSON.stringify({ UserPoolId: pool.Id, GroupName: 'max-prec', Precedence: 2 ** 31 - 1 }),
  );
  assert.equal(max.status, 200);
  assert.deepEqual(
    (await listGroups(pool.Id)).Groups?.map((g) => g.GroupName),
    ['max-prec'],
  );
  await rejects(
    create(NO_POOL, 'g'),
    'ResourceNotFoundException',
    `User pool ${NO_POOL} does not exist.`,
  );
});

test('UpdateGroup changes only the fields given and moves LastModifiedDate', async () => {
  const pool = await createPool(t);
  const created = (
    await create(pool.Id, 'ops', { Description: 'Ops', RoleArn: ROLE_A, Precedence: 5 })
  ).Group;
  assert.ok(created);
  advanceClock(t, 5000);
  const updated = (
    await t.admin.send(
      new UpdateGroupCommand({ UserPoolId: pool.Id, GroupName: 'ops', Precedence: 1 }),
    )
  ).Group;
  assert.ok(updated);
  assert.equal(updated.Precedence, 1);
  assert.equal(updated.Description, 'Ops');
  assert.equal(updated.RoleArn, ROLE_A);
  assert.deepEqual(updated.CreationDate, created.CreationDate);
  assert.ok(
    (updated.LastModifiedDate as Date).getTime() >=
      (created.LastModifiedDate as Date).getTime() + 4000,
  );
  await t.admin.send(
    new UpdateGroupCommand({
      UserPoolId: pool.Id,
      GroupName: 'ops',
      Description: 'Operations',
      RoleArn: ROLE_B,
    }),
  );
  const g = (await get(pool.Id, 'ops')).Group;
  assert.equal(g?.Description, 'Operations');
  assert.equal(g?.RoleArn, ROLE_B);
  assert.equal(g?.Precedence, 1);

  await rejects(
    t.admin.send(new UpdateGroupCommand({ UserPoolId: pool.Id, GroupName: 'nope' })),
    'ResourceNotFoundException',
    'Group not found.',
  );
  await rejects(
    t.admin.send(new UpdateGroupCommand({ UserPoolId: pool.Id, GroupName: 'ops', Precedence: -3 })),
    'InvalidParameterException',
    /at 'precedence'/,
  );
  assert.equal((await get(pool.Id, 'ops')).Group?.Precedence, 1);
});

test('DeleteGroup removes the group and its memberships', async () => {
  const pool = await createPool(t);
  const user = await newUser(pool.Id);
  await create(pool.Id, 'temp');
  await create(pool.Id, 'stays');
  await add(pool.Id, 'temp', user);
  await add(pool.Id, 'stays', user);
  await t.admin.send(new DeleteGroupCommand({ UserPoolId: pool.Id, GroupName: 'temp' }));
  await rejects(get(pool.Id, 'temp'), 'ResourceNotFoundException', 'Group not found.');
  assert.deepEqual(
    (await groupsOf(pool.Id, user)).Groups?.map((g) => g.GroupName),
    ['stays'],
  );
  // A group made again under the same name starts empty.
  await create(pool.Id, 'temp');
  assert.deepEqual((await members(pool.Id, 'temp')).Users, []);
  await rejects(
    t.admin.send(new DeleteGroupCommand({ UserPoolId: pool.Id, GroupName: 'gone' })),
    'ResourceNotFoundException',
    'Group not found.',
  );
});

test('ListGroups pages by Limit and defaults to 25 groups a page', async () => {
  const pool = await createPool(t);
  const names = Array.from({ length: 27 }, (_, i) => `g${String(i).padStart(2, '0')}`);
  for (const name of [...names].reverse()) await create(pool.Id, name);

  const first = await listGroups(pool.Id);
  assert.equal(first.Groups?.length, 25);
  assert.ok(first.NextToken);
  const rest = await listGroups(pool.Id, undefined, first.NextToken);
  assert.deepEqual(
    [...(first.Groups ?? []), ...(rest.Groups ?? [])].map((g) => g.GroupName),
    names,
  );
  assert.equal(rest.NextToken, undefined);

  const byTen = await pages(async (token) => {
    const r = await listGroups(pool.Id, 10, token);
    return { names: (r.Groups ?? []).map((g) => g.GroupName as string), NextToken: r.NextToken };
  });
  assert.deepEqual(
    byTen.map((p) => p.length),
    [10, 10, 7],
  );
  assert.deepEqual(byTen.flat(), names);
  // An exact last page carries no token.
  const exact = await listGroups(pool.Id, 60);
  assert.equal(exact.Groups?.length, 27);
  assert.equal(exact.NextToken, undefined);
});

test('list Limits outside Cognito’s range are InvalidParameterException', async () => {
  const pool = await createPool(t);
  const user = await newUser(pool.Id);
  await create(pool.Id, 'g');
  const calls = [
    (limit: number) => listGroups(pool.Id, limit),
    (limit: number) => groupsOf(pool.Id, user, limit),
    (limit: number) => members(pool.Id, 'g', limit),
  ];
  for (const call of calls) {
    await rejects(
      call(61),
      'InvalidParameterException',
      "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    );
    await rejects(
      call(-1),
      'InvalidParameterException',
      "1 validation error detected: Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
    // The model allows 0; Cognito's service then refuses it.
    await rejects(
      call(0),
      'InvalidParameterException',
      /at 'maxItems'.*greater than or equal to 1/,
    );
  }
  await rejects(listGroups(NO_POOL), 'ResourceNotFoundException');
});

test('ListGroups pagination neither repeats nor skips while groups come and go', async () => {
  const pool = await createPool(t);
  for (const name of ['b1', 'b2', 'b3', 'b4', 'b5', 'b6']) await create(pool.Id, name);
  const first = await listGroups(pool.Id, 2);
  assert.deepEqual(
    first.Groups?.map((g) => g.GroupName),
    ['b1', 'b2'],
  );
  // The last group seen and the next one go; one lands before the cursor, one after.
  for (const name of ['b2', 'b3']) {
    await t.admin.send(new DeleteGroupCommand({ UserPoolId: pool.Id, GroupName: name }));
  }
  await create(pool.Id, 'b0');
  await create(pool.Id, 'b7');
  const rest = await pages(async (token) => {
    const r = await listGroups(pool.Id, 2, token ?? first.NextToken);
    return { names: (r.Groups ?? []).map((g) => g.GroupName as string), NextToken: r.NextToken };
  });
  assert.deepEqual(rest.flat(), ['b4', 'b5', 'b6', 'b7']);
});

test('a tampered or foreign pagination token is InvalidParameterException', async () => {
  const pool = await createPool(t);
  const other = await createPool(t);
  for (const name of ['a', 'b', 'c']) {
    await create(pool.Id, name);
    await create(other.Id, name);
  }
  const token = (await listGroups(pool.Id, 1)).NextToken as string;
  assert.ok(token);
  const [body, mac] = token.split('.');
  const forged = `${Buffer.from('b').toString('base64url')}.${mac}`;
  // One bit of the MAC flipped (not a fixed ending, which the genuine MAC may already have).
  const macBytes = Buffer.from(mac, 'base64url');
  macBytes[0] ^= 1;
  const altered = `${body}.${macBytes.toString('base64url')}`;
  for (const bad of [forged, altered, body, 'garbage', `${token}.x`]) {
    await rejects(listGroups(pool.Id, 1, bad), 'InvalidParameterException');
  }
  // Another listing's token does not resume this one.
  await rejects(listGroups(other.Id, 1, token), 'InvalidParameterException');
  await create(pool.Id, 'g');
  const user = await newUser(pool.Id);
  await rejects(groupsOf(pool.Id, user, 1, token), 'InvalidParameterException');
  await rejects(members(pool.Id, 'g', 1, token), 'InvalidParameterException');
  // The genuine token still works.
  assert.deepEqual(
    (await listGroups(pool.Id, 1, token)).Groups?.map((g) => g.GroupName),
    ['b'],
  );
});

test('AdminAddUserToGroup finds users by alias, is idempotent, and names what is missing', async () => {
  const { poolId, clientId } = await passwordPool(t, { AliasAttributes: ['email'] });
  const username = unique('aliased');
  await signUpConfirmed(t, clientId, username);
  await create(poolId, 'staff');
  await add(poolId, 'staff', `${username}@example.com`);
  await add(poolId, 'staff', username);
  const res = await members(poolId, 'staff');
  assert.deepEqual(
    res.Users?.map((u) => u.Username),
    [username],
  );

  await rejects(
    add(poolId, 'staff', unique('ghost')),
    'UserNotFoundException',
    'User does not exist.',
  );
  await rejects(add(poolId, 'nobody', username), 'ResourceNotFoundException', 'Group not found.');
  await rejects(add(NO_POOL, 'staff', username), 'ResourceNotFoundException');
  await rejects(add(poolId, 'bad name', username), 'InvalidParameterException', /'groupName'/);
  // Groups belong to their pool: another pool's group of the same name is not this one.
  const other = await createPool(t);
  await create(other.Id, 'staff');
  await rejects(add(other.Id, 'staff', username), 'UserNotFoundException');
});

test('AdminRemoveUserFromGroup removes one membership; a non-member succeeds', async () => {
  const pool = await createPool(t);
  const user = await newUser(pool.Id);
  await create(pool.Id, 'x');
  await create(pool.Id, 'y');
  await add(pool.Id, 'x', user);
  await add(pool.Id, 'y', user);
  await remove(pool.Id, 'x', user);
  await remove(pool.Id, 'x', user);
  assert.deepEqual(
    (await groupsOf(pool.Id, user)).Groups?.map((g) => g.GroupName),
    ['y'],
  );
  await rejects(
    remove(pool.Id, 'x', unique('ghost')),
    'UserNotFoundException',
    'User does not exist.',
  );
  await rejects(remove(pool.Id, 'z', user), 'ResourceNotFoundException', 'Group not found.');
});

test('AdminListGroupsForUser returns GroupTypes by name, page by page', async () => {
  const pool = await createPool(t);
  const user = await newUser(pool.Id);
  const bystander = await newUser(pool.Id);
  for (const name of ['m3', 'm1', 'm2', 'm4', 'm5']) {
    await create(pool.Id, name, { Precedence: 1, RoleArn: ROLE_A });
    await add(pool.Id, name, user);
  }
  await create(pool.Id, 'other');
  await add(pool.Id, 'other', bystander);
  const all = await groupsOf(pool.Id, user);
  assert.equal(all.NextToken, undefined);
  assert.deepEqual(
    all.Groups?.map((g) => g.GroupName),
    ['m1', 'm2', 'm3', 'm4', 'm5'],
  );
  assert.equal(all.Groups?.[0].RoleArn, ROLE_A);
  assert.equal(all.Groups?.[0].UserPoolId, pool.Id);

  const first = await groupsOf(pool.Id, user, 2);
  await remove(pool.Id, 'm2', user);
  await remove(pool.Id, 'm3', user);
  const rest = await pages(async (token) => {
    const r = await groupsOf(pool.Id, user, 2, token ?? first.NextToken);
    return { names: (r.Groups ?? []).map((g) => g.GroupName as string), NextToken: r.NextToken };
  });
  assert.deepEqual(
    [first.Groups?.map((g) => g.GroupName), ...rest],
    [
      ['m1', 'm2'],
      ['m4', 'm5'],
    ],
  );
  assert.deepEqual((await groupsOf(pool.Id, bystander)).Groups?.length, 1);
  assert.deepEqual((await groupsOf(pool.Id, await newUser(pool.Id))).Groups, []);
  await rejects(
    groupsOf(pool.Id, unique('ghost')),
    'UserNotFoundException',
    'User does not exist.',
  );
});

test('ListUsersInGroup renders UserType and pages while members come and go', async () => {
  const pool = await createPool(t);
  await create(pool.Id, 'crew');
  const users: string[] = [];
  for (let i = 0; i < 5; i++) users.push(await newUser(pool.Id));
  for (const u of users) await add(pool.Id, 'crew', u);

  const all = await members(pool.Id, 'crew');
  assert.equal(all.Users?.length, 5);
  assert.deepEqual(all.Users?.map((u) => u.Username).sort(), [...users].sort());
  const u = all.Users?.[0] ?? {};
  assert.deepEqual(keysOf(u), [
    'Attributes',
    'Enabled',
    'UserCreateDate',
    'UserLastModifiedDate',
    'UserStatus',
    'Username',
  ]);
  assert.equal(u.UserStatus, 'FORCE_CHANGE_PASSWORD');
  assert.equal(u.Enabled, true);
  assert.equal(attrMap(u.Attributes).email, `${u.Username?.toLowerCase()}@example.com`);
  assert.ok(attrMap(u.Attributes).sub);

  // Page 1, then the last member seen and one not yet seen leave, and a new member joins.
  const order = (all.Users ?? []).map((x) => x.Username as string);
  const first = await members(pool.Id, 'crew', 2);
  assert.deepEqual(
    first.Users?.map((x) => x.Username),
    order.slice(0, 2),
  );
  await remove(pool.Id, 'crew', order[1]);
  await t.admin.send(new AdminDeleteUserCommand({ UserPoolId: pool.Id, Username: order[3] }));
  const joiner = await newUser(pool.Id);
  await add(pool.Id, 'crew', joiner);
  const rest = await pages(async (token) => {
    const r = await members(pool.Id, 'crew', 2, token ?? first.NextToken);
    return { names: (r.Users ?? []).map((x) => x.Username as string), NextToken: r.NextToken };
  });
  const seen = [...order.slice(0, 2), ...rest.flat()];
  // Nobody twice, and every member who stayed throughout is listed.
  assert.equal(new Set(seen).size, seen.length);
  for (const stayed of [order[0], order[2], order[4]]) assert.ok(seen.includes(stayed), stayed);
  assert.ok(!rest.flat().includes(order[3]));

  await rejects(members(pool.Id, 'nope'), 'ResourceNotFoundException', 'Group not found.');
  await rejects(members(NO_POOL, 'crew'), 'ResourceNotFoundException');
});

test('tokens carry cognito:groups by precedence, cognito:roles and cognito:preferred_role', async () => {
  const { poolId, clientId } = await passwordPool(t);
  const username = unique('grouped');
  await signUpConfirmed(t, clientId, username);

  // Without groups, no group claim at all.
  const plain = await signIn(t, clientId, username);
  for (const token of [plain.IdToken, plain.AccessToken]) {
    const c = claims(token);
    assert.equal(c['cognito:groups'], undefined);
    assert.equal(c['cognito:roles'], undefined);
    assert.equal(c['cognito:preferred_role'], undefined);
  }

  await create(poolId, 'zeta', { Precedence: 1, RoleArn: ROLE_B });
  await create(poolId, 'alpha', { Precedence: 7, RoleArn: ROLE_A });
  await create(poolId, 'unranked');
  await create(poolId, 'first', { Precedence: 0 });
  for (const g of ['alpha', 'unranked', 'zeta', 'first']) await add(poolId, g, username);

  const tokens = await signIn(t, clientId, username);
  const id = claims(tokens.IdToken);
  const access = claims(tokens.AccessToken);
  const order = ['first', 'zeta', 'alpha', 'unranked'];
  assert.deepEqual(id['cognito:groups'], order);
  assert.deepEqual(access['cognito:groups'], order);
  assert.deepEqual(id['cognito:roles'], [ROLE_B, ROLE_A]);
  // `first` outranks `zeta` but has no role: the best group with a role decides.
  assert.equal(id['cognito:preferred_role'], ROLE_B);
  assert.equal(access['cognito:roles'], undefined);
  assert.equal(access['cognito:preferred_role'], undefined);

  // Leaving a group shows in the next refreshed tokens.
  await remove(poolId, 'zeta', username);
  const refresh = async () => {
    const res = await t.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
      }),
    );
    const r = res.AuthenticationResult;
    assert.ok(r?.IdToken && r.AccessToken);
    return { id: claims(r.IdToken), access: claims(r.AccessToken) };
  };
  let next = await refresh();
  assert.deepEqual(next.id['cognito:groups'], ['first', 'alpha', 'unranked']);
  assert.deepEqual(next.access['cognito:groups'], ['first', 'alpha', 'unranked']);
  assert.deepEqual(next.id['cognito:roles'], [ROLE_A]);
  assert.equal(next.id['cognito:preferred_role'], ROLE_A);

  // A group's new precedence counts too.
  await t.admin.send(
    new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'unranked', Precedence: 2 }),
  );
  next = await refresh();
  assert.deepEqual(next.id['cognito:groups'], ['first', 'unranked', 'alpha']);

  // Out of every group: the claims go.
  for (const g of ['alpha', 'unranked']) await remove(poolId, g, username);
  await t.admin.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'first' }));
  next = await refresh();
  for (const c of [next.id, next.access]) {
    assert.equal(c['cognito:groups'], undefined);
    assert.equal(c['cognito:roles'], undefined);
    assert.equal(c['cognito:preferred_role'], undefined);
  }
});

test('tied precedences set a preferred role only when their roles agree', async () => {
  const { poolId, clientId } = await passwordPool(t);
  const username = unique('tied');
  await signUpConfirmed(t, clientId, username);
  await create(poolId, 'one', { Precedence: 4, RoleArn: ROLE_A });
  await create(poolId, 'two', { Precedence: 4, RoleArn: ROLE_B });
  await create(poolId, 'three', { Precedence: 9, RoleArn: ROLE_A });
  for (const g of ['one', 'two', 'three']) await add(poolId, g, username);

  let id = claims((await signIn(t, clientId, username)).IdToken);
  assert.deepEqual(id['cognito:groups'], ['one', 'two', 'three']);
  assert.deepEqual(id['cognito:roles'], [ROLE_A, ROLE_B]);
  assert.equal(id['cognito:preferred_role'], undefined);

  await t.admin.send(
    new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'two', RoleArn: ROLE_A }),
  );
  id = claims((await signIn(t, clientId, username)).IdToken);
  assert.deepEqual(id['cognito:roles'], [ROLE_A]);
  assert.equal(id['cognito:preferred_role'], ROLE_A);

  // Groups without precedence tie with each other too.
  const other = unique('unranked');
  await signUpConfirmed(t, clientId, other);
  await create(poolId, 'u1', { RoleArn: ROLE_A });
  await create(poolId, 'u2', { RoleArn: ROLE_B });
  await add(poolId, 'u1', other);
  id = claims((await signIn(t, clientId, other)).IdToken);
  assert.equal(id['cognito:preferred_role'], ROLE_A);
  await add(poolId, 'u2', other);
  id = claims((await signIn(t, clientId, other)).IdToken);
  assert.deepEqual(id['cognito:groups'], ['u1', 'u2']);
  assert.equal(id['cognito:preferred_role'], undefined);
});

test('deleting a user removes them from their groups', async () => {
  const pool = await createPool(t);
  const user = await newUser(pool.Id);
  await create(pool.Id, 'g');
  await add(pool.Id, 'g', user);
  await t.admin.send(new AdminDeleteUserCommand({ UserPoolId: pool.Id, Username: user }));
  assert.deepEqual((await members(pool.Id, 'g')).Users, []);
});
