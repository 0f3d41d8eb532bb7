// Pools, app clients and users for the tests: a confirmed user (signed up, or admin-created with a
// permanent password), a user with a temporary password, sign-in, codes from the dev outbox.
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  type AdminCreateUserCommandOutput,
  AdminSetUserPasswordCommand,
  type AuthenticationResultType,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientRequest,
  CreateUserPoolCommand,
  type CreateUserPoolRequest,
  InitiateAuthCommand,
  SignUpCommand,
  type UserPoolClientType,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from './server.ts';

/** A password that satisfies Cognito's default policy. */
export const PASSWORD = 'Passw0rd!';

/** The temporary password createWithTemporaryPassword gives unless told otherwise. */
export const TEMPORARY_PASSWORD = 'Temp0rary!';

let counter = 0;
/** A unique name for this test run. */
export function unique(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

/** A user attribute as the API takes it. */
export type Attribute = { Name: string; Value: string };

/** The attributes of a verified email address. */
export function verifiedEmail(email: string): Attribute[] {
  return [
    { Name: 'email', Value: email },
    { Name: 'email_verified', Value: 'true' },
  ];
}

/** Attribute list as a map. */
export function attrMap(list: { Name?: string; Value?: string }[] | undefined) {
  return Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));
}

/** Creates a pool with exactly `input` (plus a unique name unless given). */
export async function createPool(
  t: TestServer,
  input: Partial<CreateUserPoolRequest> = {},
): Promise<UserPoolType & { Id: string }> {
  const res = await t.admin.send(
    new CreateUserPoolCommand({ PoolName: unique('pool'), ...input } as CreateUserPoolRequest),
  );
  assert.ok(res.UserPool?.Id);
  return res.UserPool as UserPoolType & { Id: string };
}

/** Creates an app client with exactly `input` (plus a unique name unless given). */
export async function createClient(
  t: TestServer,
  userPoolId: string,
  input: Partial<CreateUserPoolClientRequest> = {},
): Promise<UserPoolClientType & { ClientId: string }> {
  const res = await t.admin.send(
    new CreateUserPoolClientCommand({
      ClientName: unique('client'),
      UserPoolId: userPoolId,
      ...input,
    }),
  );
  assert.ok(res.UserPoolClient?.ClientId);
  return res.UserPoolClient as UserPoolClientType & { ClientId: string };
}

/**
 * The pool of the client-library tests: email as the username (in any case), auto-verified, and
 * a custom attribute `tier`.
 */
export function emailPool(
  t: TestServer,
  input: Partial<CreateUserPoolRequest> = {},
): Promise<UserPoolType & { Id: string }> {
  return createPool(t, {
    UsernameAttributes: ['email'],
    AutoVerifiedAttributes: ['email'],
    UsernameConfiguration: { CaseSensitive: false },
    Schema: [
      { Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true },
      { Name: 'tier', AttributeDataType: 'String', Mutable: true },
    ],
    ...input,
  });
}

/** A pool that auto-verifies email and a client allowing USER_PASSWORD_AUTH. */
export async function passwordPool(
  t: TestServer,
  pool: Partial<CreateUserPoolRequest> = {},
  client: Partial<CreateUserPoolClientRequest> = {},
) {
  const p = await createPool(t, { AutoVerifiedAttributes: ['email'], ...pool });
  const c = await createClient(t, p.Id, {
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ...client,
  });
  return { poolId: p.Id, clientId: c.ClientId, pool: p, client: c };
}

/** The code in the latest message the server "sent" to `to` (a username or address). */
export async function codeFor(t: TestServer, to: string): Promise<string> {
  const message = await t.outbox(to);
  assert.ok(message?.code, `a code was sent to ${to}`);
  return message.code;
}

/**
 * A confirmed user: signs `username` up (email attribute = `email`) and confirms with the code
 * from the dev outbox. Returns the user's sub.
 */
export async function signUpConfirmed(
  t: TestServer,
  clientId: string,
  username: string,
  opts: { password?: string; email?: string; attributes?: Attribute[] } = {},
): Promise<string> {
  const email = opts.email ?? `${username.toLowerCase()}@example.com`;
  const res = await t.anon.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: username,
      Password: opts.password ?? PASSWORD,
      UserAttributes: opts.attributes ?? [{ Name: 'email', Value: email }],
    }),
  );
  await t.anon.send(
    new ConfirmSignUpCommand({
      ClientId: clientId,
      Username: username,
      ConfirmationCode: await codeFor(t, email),
    }),
  );
  return res.UserSub as string;
}

/**
 * A confirmed user made by an administrator: AdminCreateUser (invitation suppressed) with
 * `attributes`, then AdminSetUserPassword with `password` (default PASSWORD), Permanent. Unlike
 * signUpConfirmed, no attribute is verified unless `attributes` says so.
 */
export async function createConfirmed(
  t: TestServer,
  poolId: string,
  username: string,
  opts: { password?: string; attributes?: Attribute[] } = {},
): Promise<AdminCreateUserCommandOutput> {
  const created = await t.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: opts.attributes,
    }),
  );
  await t.admin.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: username,
      Password: opts.password ?? PASSWORD,
      Permanent: true,
    }),
  );
  return created;
}

/**
 * A user with a temporary password: AdminCreateUser with `password` (default TEMPORARY_PASSWORD)
 * as TemporaryPassword and `attributes`, invitation suppressed. The user is in
 * FORCE_CHANGE_PASSWORD and must answer NEW_PASSWORD_REQUIRED on first sign-in.
 */
export function createWithTemporaryPassword(
  t: TestServer,
  poolId: string,
  username: string,
  opts: { password?: string; attributes?: Attribute[] } = {},
): Promise<AdminCreateUserCommandOutput> {
  return t.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      TemporaryPassword: opts.password ?? TEMPORARY_PASSWORD,
      MessageAction: 'SUPPRESS',
      UserAttributes: opts.attributes,
    }),
  );
}

/** USER_PASSWORD_AUTH sign-in that must finish with tokens. */
export async function signIn(
  t: TestServer,
  clientId: string,
  username: string,
  password = PASSWORD,
  extra: Record<string, string> = {},
): Promise<
  Required<Pick<AuthenticationResultType, 'AccessToken' | 'IdToken' | 'RefreshToken'>> &
    AuthenticationResultType
> {
  const res = await t.anon.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password, ...extra },
    }),
  );
  const r = res.AuthenticationResult;
  assert.ok(r?.AccessToken && r.IdToken && r.RefreshToken, 'expected tokens');
  return r as Required<Pick<AuthenticationResultType, 'AccessToken' | 'IdToken' | 'RefreshToken'>>;
}
