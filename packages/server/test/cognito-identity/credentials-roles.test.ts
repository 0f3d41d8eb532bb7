import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RoleMapping } from '@aws-sdk/client-cognito-identity';
import {
  AdminAddUserToGroupCommand,
  AdminUpdateUserAttributesCommand,
  CreateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  createClient,
  passwordPool,
  rejects,
  signIn,
  startTestServer,
  type TestServer,
} from '../support/index.ts';
import {
  AUTH_ROLE,
  credentialsFor,
  GUEST_ROLE,
  identityPool,
  providerOf,
  role,
  signedInUser,
  sts,
} from './credentials-fixture.ts';
import { identityClients } from './pools-clients.ts';

let t: TestServer;
let c: ReturnType<typeof identityClients>;
let userPool: { poolId: string; clientId: string };
const ADMIN_ROLE = role('Admins');
const EDITOR_ROLE = role('Editors');
const RULE_ROLE = role('FromRule');

before(async () => {
  t = await startTestServer();
  c = identityClients(t);
  userPool = await passwordPool(t, {
    Schema: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }],
  });
  for (const [name, arn, precedence] of [
    ['admins', ADMIN_ROLE, 1],
    ['editors', EDITOR_ROLE, 2],
    ['tied', EDITOR_ROLE, 1],
  ] as const) {
    await t.admin.send(
      new CreateGroupCommand({
        UserPoolId: userPool.poolId,
        GroupName: name,
        RoleArn: arn,
        Precedence: precedence,
      }),
    );
  }
});
after(async () => {
  c.destroy();
  await t.close();
});

const mappingKey = () => `${providerOf(userPool.poolId)}:${userPool.clientId}`;

/** A signed-in user in `groups`, with optional custom:team, and their Logins map. */
async function member(groups: string[], team?: string) {
  const u = await signedInUser(t, userPool.poolId, userPool.clientId);
  for (const g of groups)
    await t.admin.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: userPool.poolId,
        Username: u.username,
        GroupName: g,
      }),
    );
  if (team)
    await t.admin.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: userPool.poolId,
        Username: u.username,
        UserAttributes: [{ Name: 'custom:team', Value: team }],
      }),
    );
  const tokens = await signIn(t, userPool.clientId, u.username);
  return { [providerOf(userPool.poolId)]: tokens.IdToken };
}

async function roleOf(pool: string, logins: Record<string, string>, custom?: string) {
  const { credentials } = await credentialsFor(c, pool, logins, custom);
  const client = sts(t, credentials);
  const me = await client.send(new GetCallerIdentityCommand({}));
  client.destroy();
  const name = /assumed-role\/([^/]+)\//.exec(me.Arn ?? '')?.[1];
  return role(name ?? '?');
}

const poolWith = (mapping: RoleMapping) =>
  identityPool(c, userPool, {
    roles: {
      Roles: { authenticated: AUTH_ROLE, unauthenticated: GUEST_ROLE },
      RoleMappings: { [mappingKey()]: mapping },
    },
  });

test('Token mapping: cognito:preferred_role, else the one role, else AmbiguousRoleResolution', async () => {
  const lenient = await poolWith({ Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' });
  const strict = await poolWith({ Type: 'Token', AmbiguousRoleResolution: 'Deny' });
  // Admins (precedence 1) and editors (2): the preferred role is the admins'.
  assert.equal(await roleOf(lenient, await member(['admins', 'editors'])), ADMIN_ROLE);
  assert.equal(await roleOf(strict, await member(['editors'])), EDITOR_ROLE);
  // Two groups tied at the top with different roles: no preferred role, two roles.
  const ambiguous = await member(['admins', 'tied']);
  assert.equal(await roleOf(lenient, ambiguous), AUTH_ROLE);
  await rejects(credentialsFor(c, strict, ambiguous), 'NotAuthorizedException');
  // No group at all: nothing in the token either.
  assert.equal(await roleOf(lenient, await member([])), AUTH_ROLE);
  await rejects(credentialsFor(c, strict, await member([])), 'NotAuthorizedException');
});

test('CustomRoleArn: one of the token’s cognito:roles, else NotAuthorizedException', async () => {
  const pool = await poolWith({ Type: 'Token', AmbiguousRoleResolution: 'Deny' });
  const logins = await member(['admins', 'editors']);
  assert.equal(await roleOf(pool, logins, EDITOR_ROLE), EDITOR_ROLE);
  await rejects(credentialsFor(c, pool, logins, role('NotMine')), 'NotAuthorizedException');
  // A guest has no token to allow one.
  await rejects(credentialsFor(c, pool, {}, EDITOR_ROLE), 'NotAuthorizedException');
});

test('Rules mapping: the first matching rule, each match type, else AmbiguousRoleResolution', async () => {
  const rules = (
    MatchType: 'Equals' | 'Contains' | 'StartsWith' | 'NotEqual',
    Value: string,
    Claim = 'custom:team',
  ) =>
    poolWith({
      Type: 'Rules',
      AmbiguousRoleResolution: 'AuthenticatedRole',
      RulesConfiguration: {
        Rules: [
          { Claim, MatchType, Value, RoleARN: RULE_ROLE },
          { Claim: 'cognito:groups', MatchType: 'Contains', Value: 'admin', RoleARN: ADMIN_ROLE },
        ],
      },
    });
  const red = await member([], 'red-team');
  const admin = await member(['admins'], 'blue');
  assert.equal(await roleOf(await rules('Equals', 'red-team'), red), RULE_ROLE);
  assert.equal(await roleOf(await rules('Equals', 'red'), red), AUTH_ROLE);
  assert.equal(await roleOf(await rules('Contains', 'd-t'), red), RULE_ROLE);
  assert.equal(await roleOf(await rules('StartsWith', 'red'), red), RULE_ROLE);
  assert.equal(await roleOf(await rules('StartsWith', 'team'), red), AUTH_ROLE);
  assert.equal(await roleOf(await rules('NotEqual', 'blue'), red), RULE_ROLE);
  // The first rule does not match the admin (team blue); the second one does.
  assert.equal(await roleOf(await rules('Equals', 'red-team'), admin), ADMIN_ROLE);
  const deny = await poolWith({
    Type: 'Rules',
    AmbiguousRoleResolution: 'Deny',
    RulesConfiguration: {
      Rules: [{ Claim: 'custom:team', MatchType: 'Equals', Value: 'x', RoleARN: RULE_ROLE }],
    },
  });
  await rejects(credentialsFor(c, deny, red), 'NotAuthorizedException');
  // The mapping is only for signed-in users: guests keep the unauthenticated role.
  assert.equal(await roleOf(deny, {}), GUEST_ROLE);
});

test('a mapping for another client of the pool leaves the default authenticated role', async () => {
  const other = await createClient(t, userPool.poolId, {
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const pool = await identityPool(c, userPool, {
    pool: {
      CognitoIdentityProviders: [
        { ProviderName: providerOf(userPool.poolId), ClientId: userPool.clientId },
        { ProviderName: providerOf(userPool.poolId), ClientId: other.ClientId },
      ],
    },
    roles: {
      Roles: { authenticated: AUTH_ROLE },
      RoleMappings: {
        [`${providerOf(userPool.poolId)}:${other.ClientId}`]: {
          Type: 'Token',
          AmbiguousRoleResolution: 'Deny',
        },
      },
    },
  });
  assert.equal(await roleOf(pool, await member(['admins'])), AUTH_ROLE);
});
