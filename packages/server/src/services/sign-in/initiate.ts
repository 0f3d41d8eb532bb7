import type { User } from '../../model/user.ts';
import type { AuthFlow, UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { assertUserDevice } from '../devices/lookup.ts';
import {
  InvalidParameterException,
  PasswordResetRequiredException,
  UserNotFoundException,
} from '../errors.ts';
import { refreshTokens } from '../tokens/grants.ts';
import { runPreAuthentication } from '../triggers/authentication.ts';
import { migrateUser } from '../triggers/user-migration.ts';
import { checkSecretHash, hidesExistence } from '../user-pools/client-auth.ts';
import { isAuthFlowAllowed } from '../user-pools/client-settings.ts';
import { holdForExistence } from '../user-pools/existence-timing.ts';
import { loadClient, loadClientAndUser, type UsernameHint } from '../user-pools/lookup.ts';
import { recordSignIn } from '../users/auth-events.ts';
import { decoyUserId } from '../users/decoy-user.ts';
import { resolveUser } from '../users/lookup.ts';
import { startCustomAuth } from './custom-auth.ts';
import { reserveCheck, withPendingRelease } from './lockout.ts';
import { finishPasswordStep } from './outcome.ts';
import {
  decoyPasswordCheck,
  decoySrpUserId,
  decoyVerifier,
  passwordMatches,
  wrongPassword,
} from './password-checks.ts';
import { startFlow } from './session-store.ts';
import { createChallenge, isValidClientPublic } from './srp.ts';
import type { FlowCarry } from './states.ts';
import type { AuthOutcome, SignInDeps } from './step-types.ts';

type Deps = SignInDeps;

/** Normalises legacy flow names to the ones `isAuthFlowAllowed` knows. */
function canonicalFlow(flow: string): AuthFlow | undefined {
  const aliases: Record<string, AuthFlow> = {
    REFRESH_TOKEN: 'REFRESH_TOKEN_AUTH',
    ADMIN_NO_SRP_AUTH: 'ADMIN_USER_PASSWORD_AUTH',
  };
  const known: AuthFlow[] = [
    'USER_SRP_AUTH',
    'USER_PASSWORD_AUTH',
    'REFRESH_TOKEN_AUTH',
    'CUSTOM_AUTH',
    'ADMIN_USER_PASSWORD_AUTH',
    'USER_AUTH',
  ];
  return aliases[flow] ?? known.find((f) => f === flow);
}

/**
 * A user imported without a password (CSV import) can only get in through a reset: Cognito
 * answers PasswordResetRequiredException whatever password is tried.
 */
function assertHasPassword(user: User | undefined): void {
  if (user && !user.srp && user.status === 'RESET_REQUIRED') {
    throw new PasswordResetRequiredException();
  }
}

function required(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (!value) throw new InvalidParameterException(`Missing required parameter ${name}`);
  return value;
}

/**
 * InitiateAuth and AdminInitiateAuth: starts a sign-in with the given flow and either finishes
 * it (tokens) or answers with the first challenge.
 */
export async function initiateAuth(
  ctx: Deps,
  input: {
    pool: UserPool;
    client: UserPoolClient;
    flow: string;
    params: Record<string, string>;
    admin: boolean;
    /** The request's ClientMetadata, for triggers. */
    clientMetadata?: Record<string, string>;
    /** The user named by USERNAME, read with the client (loadClientAndUser). */
    usernameHint?: UsernameHint;
  },
): Promise<AuthOutcome> {
  const { pool, client, params } = input;
  const flow = canonicalFlow(input.flow);
  const adminOnly = flow === 'ADMIN_USER_PASSWORD_AUTH';
  if (!flow || (adminOnly && !input.admin)) {
    throw new InvalidParameterException('Initiate Auth method not supported.');
  }
  if (!isAuthFlowAllowed(client.settings, flow)) {
    throw new InvalidParameterException(`${input.flow} flow not enabled for this client`);
  }
  const carry: FlowCarry = {
    authFlow: input.flow,
    ...(params.DEVICE_KEY && { deviceKey: params.DEVICE_KEY }),
    ...(input.clientMetadata && { clientMetadata: input.clientMetadata }),
  };
  switch (flow) {
    case 'REFRESH_TOKEN_AUTH': {
      const token = required(params, 'REFRESH_TOKEN');
      const { result, user } = await refreshTokens(ctx, {
        pool,
        client,
        refreshToken: token,
        deviceKey: params.DEVICE_KEY,
        checkCaller: (owner) =>
          checkSecretHash(
            client,
            [params.USERNAME, owner.username, owner.id].filter(Boolean),
            params.SECRET_HASH,
          ),
      });
      return { kind: 'tokens', result, user };
    }
    case 'USER_SRP_AUTH':
      return startSrp(ctx, pool, client, params, carry, input.usernameHint);
    case 'USER_PASSWORD_AUTH':
    case 'ADMIN_USER_PASSWORD_AUTH':
      return passwordSignIn(ctx, pool, client, params, carry, input.usernameHint);
    case 'CUSTOM_AUTH':
      return startCustomAuth(ctx, { pool, client, params, carry });
    default:
      throw new InvalidParameterException(`${input.flow} is not supported yet by this server.`);
  }
}

async function startSrp(
  ctx: Deps,
  pool: UserPool,
  client: UserPoolClient,
  params: Record<string, string>,
  carry: FlowCarry,
  usernameHint?: UsernameHint,
): Promise<AuthOutcome> {
  holdForExistence(ctx, client);
  const username = required(params, 'USERNAME');
  const A = required(params, 'SRP_A');
  checkSecretHash(client, [username], params.SECRET_HASH);
  if (!isValidClientPublic(A)) throw new InvalidParameterException('Invalid SRP_A value.');
  const user = await resolveUser(ctx, pool, username, usernameHint);
  assertHasPassword(user);
  if (!user?.srp && !hidesExistence(client)) {
    throw new UserNotFoundException('User does not exist.');
  }
  // Before the password is proven: in SRP, before the PASSWORD_VERIFIER challenge goes out.
  const validationData = carry.clientMetadata;
  await runPreAuthentication(ctx, { pool, client, user, username, validationData });
  await assertUserDevice(ctx, pool, user?.id, carry.deviceKey);
  // Unknown users get a decoy challenge (a stable salt and user id derived from the server's
  // secret, a fresh B) that fails at the next step, and is locked out the same way.
  const stored = user?.srp ?? (await decoyVerifier(ctx, pool, username));
  const srpUser = user?.username ?? decoySrpUserId(ctx, pool, username);
  const challenge = await createChallenge(stored);
  const session = await startFlow(ctx, {
    userPoolId: pool.id,
    client,
    userId: user?.id ?? '',
    carry,
    challenge: 'PASSWORD_VERIFIER',
    state: {
      b: challenge.b,
      B: challenge.B,
      A,
      ...(!user?.srp && { decoy: true, decoyUserId: decoyUserId(ctx, pool, username) }),
    },
  });
  return {
    kind: 'challenge',
    name: 'PASSWORD_VERIFIER',
    session,
    params: {
      SALT: stored.salt,
      SECRET_BLOCK: session,
      SRP_B: challenge.B,
      USERNAME: srpUser,
      USER_ID_FOR_SRP: srpUser,
    },
  };
}

/**
 * A sign-in with the password in clear (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, and the
 * hosted pages): migration, PreAuthentication, lockout, then the steps after the password.
 */
export async function passwordSignIn(
  ctx: Deps,
  pool: UserPool,
  client: UserPoolClient,
  params: Record<string, string>,
  carry: FlowCarry,
  /** The user named by USERNAME, read with the client (loadClientAndUser). */
  usernameHint?: UsernameHint,
): Promise<AuthOutcome> {
  const { clientMetadata } = carry;
  const username = required(params, 'USERNAME');
  const password = required(params, 'PASSWORD');
  checkSecretHash(client, [username], params.SECRET_HASH);
  // An unknown user may still be vouched for by the pool's UserMigration trigger.
  const user =
    (await resolveUser(ctx, pool, username, usernameHint)) ??
    (await migrateUser(ctx, { pool, client, username, password, clientMetadata }));
  assertHasPassword(user);
  await runPreAuthentication(ctx, { pool, client, user, username, validationData: clientMetadata });
  if (!user) {
    if (!hidesExistence(client)) throw new UserNotFoundException('User does not exist.');
    // The same lockout and the same work as a real check, so neither tells the cases apart.
    await reserveCheck(ctx, { id: decoyUserId(ctx, pool, username), userPoolId: pool.id });
    await decoyPasswordCheck(ctx, pool, username, password);
    throw wrongPassword();
  }
  await assertUserDevice(ctx, pool, user.id, carry.deviceKey);
  // The lock check and the count are one step, before the password is checked (lockout.ts).
  const check = await reserveCheck(ctx, user);
  if (!(await passwordMatches(pool, user, password))) {
    await recordSignIn(ctx, user, 'Fail', 'Failure');
    throw wrongPassword();
  }
  return withPendingRelease(ctx, check, (pending) =>
    finishPasswordStep(ctx, pool, client, user, carry, pending),
  );
}

/** The flows that look their user up by USERNAME first (the hint of `loadForSignIn`). */
const BY_USERNAME = new Set([
  'USER_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'ADMIN_USER_PASSWORD_AUTH',
  'ADMIN_NO_SRP_AUTH',
]);

/**
 * Loads the client and pool of an InitiateAuth / AdminInitiateAuth, and for a flow that starts
 * from a USERNAME the user with that username in the same statement (one round trip, not two).
 */
export async function loadForSignIn(
  ctx: Pick<SignInDeps, 'db'>,
  clientId: string,
  userPoolId: string | undefined,
  flow: string,
  params: Record<string, string>,
): Promise<{ pool: UserPool; client: UserPoolClient; usernameHint?: UsernameHint }> {
  const username = params.USERNAME;
  if (!username || !BY_USERNAME.has(flow)) return loadClient(ctx, clientId, userPoolId);
  const { pool, client, hint } = await loadClientAndUser(ctx, clientId, userPoolId, username);
  return { pool, client, usernameHint: hint };
}
