import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserImportJobCommand,
  DeleteUserPoolCommand,
  DescribeUserImportJobCommand,
  GetCSVHeaderCommand,
  ListUsersCommand,
  type ListUsersRequest,
  SignUpCommand,
  StartUserImportJobCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import * as customAttributeSearch from '../../src/store/migrations/2026-12-06T145000-custom-attribute-search.ts';
import {
  attrMap,
  createClient,
  createPool,
  createTestDatabase,
  PASSWORD,
  rejects,
  signedPost,
  startTestServer,
  type TestServer,
} from '../support/index.ts';

let t: TestServer;
after(() => t.close());

type Attrs = Record<string, string>;

const list = (input: ListUsersRequest) => t.admin.send(new ListUsersCommand(input));

/** AdminCreateUser without a message: FORCE_CHANGE_PASSWORD; returns the user's sub. */
async function createUser(poolId: string, username: string, attrs: Attrs = {}): Promise<string> {
  const res = await t.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries(attrs).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  return attrMap(res.User?.Attributes).sub as string;
}

const deleteUser = (poolId: string, username: string) =>
  t.admin.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: username }));

/** Every page of a listing, in order. */
async function pages(input: ListUsersRequest): Promise<UserType[][]> {
  const out: UserType[][] = [];
  let token: string | undefined;
  do {
    const res = await list({ ...input, PaginationToken: token });
    out.push(res.Users ?? []);
    token = res.PaginationToken;
  } while (token);
  return out;
}

/** Usernames a filter finds, over every page. */
async function names(poolId: string, filter: string, limit?: number): Promise<string[]> {
  const all = await pages({ UserPoolId: poolId, Filter: filter, Limit: limit });
  return all.flat().map((u) => u.Username as string);
}

// One pool with a user per interesting case, shared by the filter tests.
let poolId: string;
const subs: Record<string, string> = {};
before(async () => {
  t = await startTestServer();
  poolId = (await createPool(t)).Id;
  subs.alice = await createUser(poolId, 'alice', {
    email: 'Alice@Example.com',
    phone_number: '+15550001001',
    name: 'Alice Liddell',
    given_name: 'Alice',
    family_name: 'Liddell',
    preferred_username: 'Ally',
  });
  subs.bob = await createUser(poolId, 'bob', {
    email: 'bob@example.com',
    phone_number: '+15550001002',
    name: 'Bob Builder',
    given_name: 'Bob',
    family_name: 'Builder',
    preferred_username: 'bobby',
    locale: 'en',
  });
  subs.carol = await createUser(poolId, 'Carol', {
    email: 'carol@example.org',
    phone_number: '+447700900003',
    name: 'Carol "CJ" Jones',
    given_name: 'Carol',
    family_name: 'Jones',
  });
  subs.dave = await createUser(poolId, 'dave', { given_name: 'Dave', locale: 'de' });
  // CONFIRMED: a permanent password; disabled: AdminDisableUser.
  await t.admin.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: 'bob',
      Password: PASSWORD,
      Permanent: true,
    }),
  );
  await t.admin.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dave' }));
  // UNCONFIRMED: signed up, not confirmed.
  const client = await createClient(t, poolId);
  const res = await t.anon.send(
    new SignUpCommand({
      ClientId: client.ClientId,
      Username: 'erin',
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'erin@example.net' }],
    }),
  );
  subs.erin = res.UserSub as string;
});

test('without a filter lists every user, in username order, with Cognito UserType members', async () => {
  const res = await list({ UserPoolId: poolId });
  assert.equal(res.PaginationToken, undefined);
  // Username order; how 'Carol' sorts among lower-case names is the database's collation.
  assert.deepEqual(res.Users?.map((u) => u.Username).sort(), [
    'Carol',
    'alice',
    'bob',
    'dave',
    'erin',
  ]);
  const bob = res.Users?.find((u) => u.Username === 'bob') as UserType;
  assert.deepEqual(Object.keys(bob).sort(), [
    'Attributes',
    'Enabled',
    'UserCreateDate',
    'UserLastModifiedDate',
    'UserStatus',
    'Username',
  ]);
  assert.equal(bob.UserStatus, 'CONFIRMED');
  assert.equal(bob.Enabled, true);
  assert.ok(bob.UserCreateDate instanceof Date);
  assert.deepEqual(attrMap(bob.Attributes), {
    sub: subs.bob,
    email: 'bob@example.com',
    phone_number: '+15550001002',
    name: 'Bob Builder',
    given_name: 'Bob',
    family_name: 'Builder',
    preferred_username: 'bobby',
    locale: 'en',
  });
  // An empty filter, or one of blanks, is no filter.
  assert.equal((await names(poolId, '')).length, 5);
  assert.equal((await names(poolId, '   ')).length, 5);
});

test('standard attributes match exactly (=) or by prefix (^=), ignoring case', async () => {
  const cases: [string, string[]][] = [
    ['email = "alice@example.com"', ['alice']],
    ['email = "ALICE@EXAMPLE.COM"', ['alice']],
    ['email = "alice@example"', []],
    ['email ^= "alice@ex"', ['alice']],
    ['email ^= "C"', ['Carol']],
    ['email ^= ""', ['alice', 'bob', 'Carol', 'erin']],
    ['phone_number = "+15550001002"', ['bob']],
    ['phone_number ^= "+1555"', ['alice', 'bob']],
    ['phone_number ^= "+44"', ['Carol']],
    ['name = "bob builder"', ['bob']],
    ['name ^= "Al"', ['alice']],
    ['given_name = "Dave"', ['dave']],
    ['given_name ^= "c"', ['Carol']],
    ['family_name = "Jones"', ['Carol']],
    ['family_name ^= "B"', ['bob']],
    ['preferred_username = "ALLY"', ['alice']],
    ['preferred_username ^= "bob"', ['bob']],
    ['preferred_username ^= "x"', []],
  ];
  for (const [filter, expected] of cases) {
    assert.deepEqual((await names(poolId, filter)).sort(), expected.sort(), filter);
  }
  // Attribute filters list in value order.
  assert.deepEqual(await names(poolId, 'email ^= ""'), ['alice', 'bob', 'Carol', 'erin']);
});

test('username follows the pool: exact case here, any case in a case-insensitive pool', async () => {
  assert.deepEqual(await names(poolId, 'username = "alice"'), ['alice']);
  assert.deepEqual(await names(poolId, 'username = "Alice"'), []);
  assert.deepEqual(await names(poolId, 'username ^= "Ca"'), ['Carol']);
  assert.deepEqual(await names(poolId, 'username ^= "ca"'), []);
  assert.deepEqual((await names(poolId, 'username ^= ""')).sort(), [
    'Carol',
    'alice',
    'bob',
    'dave',
    'erin',
  ]);

  const ci = (await createPool(t, { UsernameConfiguration: { CaseSensitive: false } })).Id;
  await createUser(ci, 'MiXeD');
  await createUser(ci, 'mild');
  assert.deepEqual(await names(ci, 'username = "mixed"'), ['MiXeD']);
  assert.deepEqual(await names(ci, 'username ^= "MI"'), ['mild', 'MiXeD']);
});

test('cognito:user_status matches the UserStatus in any case; status is Enabled or Disabled', async () => {
  const cases: [string, string[]][] = [
    ['cognito:user_status = "CONFIRMED"', ['bob']],
    ['cognito:user_status = "confirmed"', ['bob']],
    ['cognito:user_status = "Unconfirmed"', ['erin']],
    ['cognito:user_status = "FORCE_CHANGE_PASSWORD"', ['Carol', 'alice', 'dave']],
    ['cognito:user_status ^= "force"', ['Carol', 'alice', 'dave']],
    // Two statuses (CONFIRMED, COMPROMISED) and (UNCONFIRMED, UNKNOWN): still username order.
    ['cognito:user_status ^= "C"', ['bob']],
    ['cognito:user_status ^= "U"', ['erin']],
    ['cognito:user_status ^= ""', ['Carol', 'alice', 'bob', 'dave', 'erin']],
    ['cognito:user_status = "NOPE"', []],
    ['status = "Enabled"', ['Carol', 'alice', 'bob', 'erin']],
    ['status = "Disabled"', ['dave']],
    ['status = "disabled"', []],
    ['status ^= "Dis"', ['dave']],
    ['status ^= ""', ['Carol', 'alice', 'bob', 'dave', 'erin']],
  ];
  for (const [filter, expected] of cases) {
    assert.deepEqual((await names(poolId, filter)).sort(), expected, filter);
  }
  const disabled = (await list({ UserPoolId: poolId, Filter: 'status = "Disabled"' })).Users;
  assert.equal(disabled?.[0].Enabled, false);
});

test('sub matches exactly or by prefix', async () => {
  assert.deepEqual(await names(poolId, `sub = "${subs.carol}"`), ['Carol']);
  assert.deepEqual(await names(poolId, `sub ^= "${subs.erin.slice(0, 13)}"`), ['erin']);
  assert.deepEqual(await names(poolId, `sub = "${subs.carol.slice(0, 30)}"`), []);
  assert.equal((await names(poolId, 'sub ^= ""')).length, 5);
});

test('whitespace around the operator is optional and quotes are escaped with a backslash', async () => {
  assert.deepEqual(await names(poolId, 'email^="bob"'), ['bob']);
  assert.deepEqual(await names(poolId, '  email   =   "bob@example.com"  '), ['bob']);
  assert.deepEqual(await names(poolId, 'email\t^=\t"bob"'), ['bob']);
  assert.deepEqual(await names(poolId, 'name = "Carol \\"CJ\\" Jones"'), ['Carol']);
  assert.deepEqual(await names(poolId, 'name ^= "Carol \\""'), ['Carol']);
});

test('a malformed filter is InvalidParameterException and lists nothing', async () => {
  for (const filter of [
    'email = bob',
    'email == "bob"',
    'email != "bob"',
    'email "bob"',
    'email = "bob',
    'email = "bob\\"',
    '= "bob"',
    'email = "bob" and name = "x"',
    'email = "bob" x',
    'email',
  ]) {
    await rejects(
      list({ UserPoolId: poolId, Filter: filter }),
      'InvalidParameterException',
      'Error while parsing filter.',
    );
  }
});

test('a filter on an attribute Cognito does not search names it', async () => {
  for (const attribute of ['custom:tier', 'Email', 'locale', 'email_verified', 'enabled']) {
    await rejects(
      list({ UserPoolId: poolId, Filter: `${attribute} = "x"` }),
      'InvalidParameterException',
      `Invalid search attribute: ${attribute}`,
    );
  }
  await rejects(
    list({ UserPoolId: poolId, Filter: `email ^= "${'a'.repeat(250)}"` }),
    'InvalidParameterException',
    /^1 validation error detected: .*'filter' failed to satisfy constraint: Member must have length less than or equal to 256$/,
  );
});

test('AttributesToGet keeps only those attributes; an empty list keeps none', async () => {
  const res = await list({
    UserPoolId: poolId,
    Filter: 'username = "bob"',
    AttributesToGet: ['email', 'given_name'],
  });
  assert.deepEqual(res.Users?.[0].Attributes, [
    { Name: 'email', Value: 'bob@example.com' },
    { Name: 'given_name', Value: 'Bob' },
  ]);
  const none = await list({ UserPoolId: poolId, AttributesToGet: [] });
  assert.equal(none.Users?.length, 5);
  for (const u of none.Users ?? []) assert.deepEqual(u.Attributes, []);
  // Searchable attributes may be missing on some users (dave has no email).
  const emails = await list({ UserPoolId: poolId, AttributesToGet: ['email'] });
  assert.deepEqual(emails.Users?.find((u) => u.Username === 'dave')?.Attributes, []);
  // Others must be set on every listed user, as Cognito documents.
  const locales = await list({
    UserPoolId: poolId,
    Filter: 'username ^= "b"',
    AttributesToGet: ['locale'],
  });
  assert.deepEqual(locales.Users?.[0].Attributes, [{ Name: 'locale', Value: 'en' }]);
  await rejects(
    list({ UserPoolId: poolId, AttributesToGet: ['locale'] }),
    'InvalidParameterException',
    'One or more requested attributes do not exist.',
  );
  await rejects(
    list({ UserPoolId: poolId, AttributesToGet: ['custom:nope'] }),
    'InvalidParameterException',
    'One or more requested attributes do not exist.',
  );
  await rejects(
    list({ UserPoolId: poolId, AttributesToGet: ['x'.repeat(33)] }),
    'InvalidParameterException',
    /at 'attributesToGet' failed to satisfy constraint: Member must satisfy constraint: \[Member must have length less than or equal to 32, /,
  );
});

test('Limit sizes the pages (60 at most, 60 by default)', async () => {
  const sizes = (await pages({ UserPoolId: poolId, Limit: 2 })).map((p) => p.length);
  assert.deepEqual(sizes, [2, 2, 1]);
  const exact = await pages({ UserPoolId: poolId, Limit: 5 });
  assert.deepEqual(
    exact.map((p) => p.length),
    [5],
  );
  for (const [bad, constraint] of [
    [61, 'less than or equal to 60'],
    [-1, 'greater than or equal to 0'],
  ] as const) {
    await rejects(
      list({ UserPoolId: poolId, Limit: bad }),
      'InvalidParameterException',
      `1 validation error detected: Value '${bad}' at 'limit' failed to satisfy constraint: Member must have value ${constraint}`,
    );
  }

  const big = (await createPool(t)).Id;
  for (let i = 0; i < 61; i++) await createUser(big, `u${String(i).padStart(2, '0')}`);
  const first = await list({ UserPoolId: big });
  assert.equal(first.Users?.length, 60);
  assert.ok(first.PaginationToken);
  const rest = await list({ UserPoolId: big, PaginationToken: first.PaginationToken });
  assert.deepEqual(
    rest.Users?.map((u) => u.Username),
    ['u60'],
  );
  assert.equal(rest.PaginationToken, undefined);
});

test('pages stay right while users are added and deleted between them', async () => {
  const pool = (await createPool(t)).Id;
  const initial = Array.from({ length: 12 }, (_, i) => `p${String(i * 10).padStart(3, '0')}`);
  for (const name of initial) {
    await createUser(pool, name, { email: `${name}@page.example` });
  }
  for (const filter of ['', 'email ^= "p"', 'cognito:user_status = "FORCE_CHANGE_PASSWORD"']) {
    const seen: string[] = [];
    const added: string[] = [];
    const deleted: string[] = [];
    let token: string | undefined;
    let round = 0;
    do {
      const res = await list({
        UserPoolId: pool,
        Filter: filter,
        Limit: 4,
        PaginationToken: token,
      });
      seen.push(...(res.Users ?? []).map((u) => u.Username as string));
      token = res.PaginationToken;
      if (round === 0) {
        // One behind the cursor, one ahead of it; one deleted ahead, one already seen.
        for (const name of [`p005x${filter.length}`, `p095x${filter.length}`]) {
          await createUser(pool, name, { email: `${name}@page.example` });
          added.push(name);
        }
        for (const name of ['p070', 'p010']) {
          await deleteUser(pool, name);
          deleted.push(name);
        }
      }
      round++;
    } while (token);
    assert.equal(new Set(seen).size, seen.length, `no user twice (${filter})`);
    const throughout = initial.filter((n) => !deleted.includes(n));
    for (const name of throughout) assert.ok(seen.includes(name), `${name} listed (${filter})`);
    assert.ok(!seen.includes('p070'), `a user deleted before its page is gone (${filter})`);
    assert.ok(seen.includes(added[1]), `a user added ahead of the cursor is listed (${filter})`);
    assert.ok(!seen.includes(added[0]), `a user added behind the cursor is not (${filter})`);
    // Put the pool back for the next filter.
    for (const name of deleted) await createUser(pool, name, { email: `${name}@page.example` });
    for (const name of added) await deleteUser(pool, name);
  }
});

test('a PaginationToken that was tampered with, or made for another listing, is refused', async () => {
  // Attribute filters page in (case-folded) value order: alice, bob, carol, erin.
  const first = await list({ UserPoolId: poolId, Filter: 'email ^= ""', Limit: 1 });
  const token = first.PaginationToken as string;
  assert.ok(token);
  const [payload, mac] = token.split('.');
  const forged = Buffer.from(
    JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), k: 'b' }),
  ).toString('base64url');
  const other = (await createPool(t)).Id;
  for (const [input, why] of [
    [{ UserPoolId: poolId, Filter: 'email ^= ""', PaginationToken: `${forged}.${mac}` }, 'forged'],
    [{ UserPoolId: poolId, Filter: 'email ^= ""', PaginationToken: `${payload}.x${mac}` }, 'mac'],
    [{ UserPoolId: poolId, Filter: 'email ^= ""', PaginationToken: 'garbage' }, 'garbage'],
    [{ UserPoolId: poolId, Filter: 'email ^= "b"', PaginationToken: token }, 'other filter'],
    [{ UserPoolId: poolId, PaginationToken: token }, 'no filter'],
    [{ UserPoolId: other, Filter: 'email ^= ""', PaginationToken: token }, 'other pool'],
  ] as const) {
    await rejects(list(input), 'InvalidParameterException', 'Invalid pagination token.').catch(
      (err) => assert.fail(`${why}: ${err.message}`),
    );
  }
  // The genuine token still works, with another Limit too.
  const next = await list({
    UserPoolId: poolId,
    Filter: 'email^=""',
    Limit: 2,
    PaginationToken: token,
  });
  assert.deepEqual(
    next.Users?.map((u) => u.Username),
    ['bob', 'Carol'],
  );
});

test('the index follows attribute changes and deletions', async () => {
  const pool = (await createPool(t)).Id;
  await createUser(pool, 'mover', { email: 'old@move.example', given_name: 'Mo' });
  await t.admin.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: pool,
      Username: 'mover',
      UserAttributes: [{ Name: 'email', Value: 'New@Move.example' }],
    }),
  );
  assert.deepEqual(await names(pool, 'email = "old@move.example"'), []);
  assert.deepEqual(await names(pool, 'email = "new@move.example"'), ['mover']);
  assert.deepEqual(await names(pool, 'given_name = "mo"'), ['mover']);
  await deleteUser(pool, 'mover');
  assert.deepEqual(await names(pool, 'email ^= ""'), []);
  assert.deepEqual(await names(pool, 'given_name = "mo"'), []);
});

test('values longer than the index key are still matched exactly', async () => {
  const pool = (await createPool(t)).Id;
  // 'İ' lower-cases to two code points, so both keys are cut to the same 256 characters.
  const long = 'İ'.repeat(200);
  await createUser(pool, 'long', { name: long });
  await createUser(pool, 'near', { name: `${'İ'.repeat(128)}x` });
  await createUser(pool, 'tail', { name: `${long}tail` });
  for (const limit of [1, 60]) {
    assert.deepEqual(await names(pool, `name = "${long}"`, limit), ['long']);
    assert.deepEqual((await names(pool, `name ^= "${long}"`, limit)).sort(), ['long', 'tail']);
    assert.deepEqual((await names(pool, `name ^= "${'i̇'.repeat(100)}"`, limit)).sort(), [
      'long',
      'near',
      'tail',
    ]);
  }
});

test('a raw request with no Limit or Filter lists the pool, and an unknown pool is refused', async () => {
  const raw = await signedPost(t, 'ListUsers', JSON.stringify({ UserPoolId: poolId }));
  assert.equal(raw.status, 200);
  assert.equal((raw.body.Users as unknown[]).length, 5);
  await rejects(
    list({ UserPoolId: 'us-east-1_NoSuchPoo' }),
    'ResourceNotFoundException',
    'User pool us-east-1_NoSuchPoo does not exist.',
  );
  await rejects(list({} as ListUsersRequest), 'InvalidParameterException', /userPoolId/);
});

// Custom attributes: a Cognate extension. Cognito refuses them ("Invalid search attribute:
// custom:<name>"); Cognate searches the pool's custom attributes from the same index.

/** A pool with two custom attributes. */
async function customPool(): Promise<string> {
  return (
    await createPool(t, {
      // Imported users reset their passwords by email.
      AutoVerifiedAttributes: ['email'],
      Schema: [
        { Name: 'tier', AttributeDataType: 'String', Mutable: true },
        { Name: 'zone', AttributeDataType: 'String', Mutable: true },
      ],
    })
  ).Id;
}

test('custom attributes match exactly (=) or by prefix (^=), ignoring case, in value order', async () => {
  const pool = await customPool();
  await createUser(pool, 'gina', { 'custom:tier': 'Gold', 'custom:zone': 'eu-west' });
  await createUser(pool, 'gus', { 'custom:tier': 'golden', email: 'gus@x.example' });
  await createUser(pool, 'sam', { 'custom:tier': 'Silver', 'custom:zone': 'us-east' });
  await createUser(pool, 'zed', { 'custom:zone': 'EU-north' });
  await createUser(pool, 'nil', { email: 'nil@x.example' });
  const cases: [string, string[]][] = [
    ['custom:tier = "gold"', ['gina']],
    ['custom:tier = "GOLD"', ['gina']],
    ['custom:tier = "gol"', []],
    ['custom:tier ^= "GOL"', ['gina', 'gus']],
    ['custom:tier^="s"', ['sam']],
    ['custom:tier ^= ""', ['gina', 'gus', 'sam']],
    ['custom:zone ^= "eu"', ['zed', 'gina']],
    ['custom:zone = "eu-north"', ['zed']],
    ['custom:zone = "gold"', []],
  ];
  for (const [filter, expected] of cases) {
    assert.deepEqual(await names(pool, filter), expected, filter);
  }
  // Standard attributes are unchanged beside them.
  assert.deepEqual(await names(pool, 'email ^= ""'), ['gus', 'nil']);
  // A custom attribute the pool does not have is refused, as Cognito refuses every one.
  for (const attribute of ['custom:nope', 'custom:Tier', `custom:${'x'.repeat(21)}`]) {
    await rejects(
      list({ UserPoolId: pool, Filter: `${attribute} = "x"` }),
      'InvalidParameterException',
      `Invalid search attribute: ${attribute}`,
    );
  }
  // A custom attribute of another pool finds nothing here: the shared pool has none.
  await rejects(
    list({ UserPoolId: poolId, Filter: 'custom:tier = "gold"' }),
    'InvalidParameterException',
    'Invalid search attribute: custom:tier',
  );
});

test('the index follows custom attributes through AdminUpdateUserAttributes and AdminDeleteUserAttributes', async () => {
  const pool = await customPool();
  await createUser(pool, 'mover', { 'custom:tier': 'bronze', given_name: 'Mo' });
  await createUser(pool, 'stay', { 'custom:tier': 'bronze' });
  const update = (attrs: Attrs) =>
    t.admin.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: pool,
        Username: 'mover',
        UserAttributes: Object.entries(attrs).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
  await update({ 'custom:tier': 'Platinum', 'custom:zone': 'ap-south' });
  assert.deepEqual(await names(pool, 'custom:tier = "bronze"'), ['stay']);
  assert.deepEqual(await names(pool, 'custom:tier = "platinum"'), ['mover']);
  assert.deepEqual(await names(pool, 'custom:zone ^= "AP"'), ['mover']);
  // A standard attribute's change leaves the custom entries in place.
  await update({ given_name: 'Moe' });
  assert.deepEqual(await names(pool, 'custom:tier ^= "plat"'), ['mover']);
  assert.deepEqual(await names(pool, 'given_name = "moe"'), ['mover']);

  await t.admin.send(
    new AdminDeleteUserAttributesCommand({
      UserPoolId: pool,
      Username: 'mover',
      UserAttributeNames: ['custom:tier'],
    }),
  );
  assert.deepEqual(await names(pool, 'custom:tier ^= ""'), ['stay']);
  assert.deepEqual(await names(pool, 'custom:zone = "ap-south"'), ['mover']);
  await deleteUser(pool, 'mover');
  assert.deepEqual(await names(pool, 'custom:zone ^= ""'), []);
  assert.deepEqual(await names(pool, 'custom:tier ^= ""'), ['stay']);
});

test('users from a CSV import job and from a moved pool are found by a custom attribute', async () => {
  const pool = await customPool();
  await createUser(pool, 'local', { 'custom:tier': 'gold' });
  const header =
    (await t.admin.send(new GetCSVHeaderCommand({ UserPoolId: pool }))).CSVHeader ?? [];
  const row = (r: Attrs) => header.map((c) => r[c] ?? '').join(',');
  const file = `${[
    header.join(','),
    row({
      'cognito:username': 'imported',
      'cognito:mfa_enabled': 'FALSE',
      email: 'imported@x.example',
      email_verified: 'TRUE',
      'custom:tier': 'Gold Imported',
      'custom:zone': 'sa-east',
    }),
  ].join('\n')}\n`;
  const job = (
    await t.admin.send(
      new CreateUserImportJobCommand({
        JobName: 'custom-attributes',
        UserPoolId: pool,
        CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/CognitoImportRole',
      }),
    )
  ).UserImportJob;
  const put = await fetch(job?.PreSignedUrl as string, {
    method: 'PUT',
    headers: { 'x-amz-server-side-encryption': 'aws:kms', 'content-type': 'text/csv' },
    body: file,
  });
  assert.equal(put.status, 200);
  await t.admin.send(new StartUserImportJobCommand({ UserPoolId: pool, JobId: job?.JobId }));
  for (const deadline = Date.now() + 60_000; ; ) {
    const { UserImportJob: now } = await t.admin.send(
      new DescribeUserImportJobCommand({ UserPoolId: pool, JobId: job?.JobId }),
    );
    if (now?.Status === 'Succeeded') {
      assert.equal(now.ImportedUsers, 1);
      break;
    }
    assert.ok(!['Failed', 'Stopped'].includes(now?.Status as string), now?.CompletionMessage);
    assert.ok(Date.now() < deadline, `import job still ${now?.Status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.deepEqual(await names(pool, 'custom:tier ^= "gold"'), ['local', 'imported']);
  assert.deepEqual(await names(pool, 'custom:tier = "gold imported"'), ['imported']);
  assert.deepEqual(await names(pool, 'custom:zone = "SA-EAST"'), ['imported']);

  // The pool moves out (CognateExportUserPool), is deleted, and comes back
  // (CognateImportUserPool): its users are found by their custom attributes again.
  const exported = await signedPost(
    t,
    'CognateExportUserPool',
    JSON.stringify({ UserPoolId: pool, Limit: 1000 }),
  );
  assert.equal(exported.status, 200);
  assert.equal((exported.body.Users as unknown[]).length, 2);
  await t.admin.send(new DeleteUserPoolCommand({ UserPoolId: pool }));
  const back = await signedPost(
    t,
    'CognateImportUserPool',
    JSON.stringify({ Pool: exported.body.Pool, Users: exported.body.Users }),
  );
  assert.equal(back.status, 200, JSON.stringify(back.body));
  assert.equal(back.body.ImportedUsers, 2);
  assert.deepEqual(await names(pool, 'custom:tier ^= "GOLD"'), ['local', 'imported']);
  assert.deepEqual(await names(pool, 'custom:zone ^= "sa"'), ['imported']);
});

test('custom attribute filters page in value order, and their tokens are bound to the filter', async () => {
  const pool = await customPool();
  // Values out of username order, two users per value; none on one user.
  const expected: string[] = [];
  for (let i = 0; i < 13; i++) {
    const username = `c${String(12 - i).padStart(2, '0')}`;
    await createUser(pool, username, { 'custom:tier': `Level ${String(i >> 1).padStart(2, '0')}` });
    expected.push(username);
  }
  await createUser(pool, 'none', { email: 'none@x.example' });
  for (const limit of [1, 4, 60]) {
    const got = await pages({ UserPoolId: pool, Filter: 'custom:tier ^= "level"', Limit: limit });
    assert.ok(got.every((p) => p.length <= limit));
    assert.equal(got.length, Math.ceil(13 / limit));
    const seen = got.flat().map((u) => u.Username as string);
    // Value order; equal values in sub order.
    const values = got.flat().map((u) => attrMap(u.Attributes)['custom:tier']);
    assert.deepEqual(values, [...values].sort());
    assert.deepEqual([...seen].sort(), [...expected].sort());
  }
  assert.deepEqual((await names(pool, 'custom:tier = "level 03"', 1)).sort(), ['c05', 'c06']);

  const first = await list({ UserPoolId: pool, Filter: 'custom:tier ^= "level"', Limit: 4 });
  assert.ok(first.PaginationToken);
  for (const Filter of ['custom:zone ^= "level"', 'custom:tier ^= "lev"', 'email ^= "level"']) {
    await rejects(
      list({ UserPoolId: pool, Filter, PaginationToken: first.PaginationToken }),
      'InvalidParameterException',
      'Invalid pagination token.',
    );
  }
  // Users added and deleted between pages (the first held levels 00 and 01): none twice, the
  // deleted one gone, one added ahead of the position listed, one added behind it not.
  await deleteUser(pool, 'c00'); // Level 06
  await createUser(pool, 'ahead', { 'custom:tier': 'Level 99' });
  await createUser(pool, 'behind', { 'custom:tier': 'Level 000' });
  const all = (first.Users ?? []).map((u) => u.Username as string);
  let token: string | undefined = first.PaginationToken;
  while (token) {
    const res = await list({
      UserPoolId: pool,
      Filter: 'custom:tier^="level"',
      Limit: 4,
      PaginationToken: token,
    });
    all.push(...(res.Users ?? []).map((u) => u.Username as string));
    token = res.PaginationToken;
  }
  assert.equal(new Set(all).size, all.length);
  assert.deepEqual([...all].sort(), [...expected.filter((u) => u !== 'c00'), 'ahead'].sort());
});

test('users stored before custom attributes were indexed are indexed by the migration', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cognate-custom-search-'));
  const database = await createTestDatabase();
  let s = await startTestServer({ dataDir, database: database.url });
  try {
    const pool = (
      await createPool(s, {
        Schema: [{ Name: 'tier', AttributeDataType: 'String', Mutable: true }],
      })
    ).Id;
    for (const [username, tier] of [
      ['old1', 'Gold'],
      ['old2', 'golden'],
      ['old3', 'silver'],
    ]) {
      await s.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: pool,
          Username: username,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'custom:tier', Value: tier },
            { Name: 'email', Value: `${username}@x.example` },
          ],
        }),
      );
    }
    const find = async (filter: string) =>
      (await s.admin.send(new ListUsersCommand({ UserPoolId: pool, Filter: filter }))).Users?.map(
        (u) => u.Username,
      );
    assert.deepEqual(await find('custom:tier ^= "gold"'), ['old1', 'old2']);
    // The database as an earlier version left it: no custom entries. Later migrations have run
    // since, so the migration is run again by hand rather than un-recorded (Kysely refuses a
    // recorded history with a gap).
    await s.server.db.deleteFrom('user_search').where('name', 'like', 'custom:%').execute();
    assert.deepEqual(await find('custom:tier ^= "gold"'), []);
    await customAttributeSearch.up(s.server.db);
    await s.close();

    s = await startTestServer({ dataDir, database: database.url });
    assert.deepEqual(await find('custom:tier ^= "gold"'), ['old1', 'old2']);
    assert.deepEqual(await find('custom:tier = "SILVER"'), ['old3']);
    assert.deepEqual(await find('email ^= "old"'), ['old1', 'old2', 'old3']);
    const rows = await s.server.db
      .selectFrom('user_search')
      .select(['name', 'value'])
      .where('user_pool_id', '=', pool)
      .where('name', '=', 'custom:tier')
      .orderBy('value')
      .execute();
    assert.deepEqual(
      rows.map((r) => r.value),
      ['gold', 'golden', 'silver'],
    );
  } finally {
    await s.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
