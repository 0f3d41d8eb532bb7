import type { User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import {
  acceptTotpStep,
  findUserMfa,
  promotePendingSecret,
  saveUserMfa,
} from '../../store/repositories/user-mfa.ts';
import { findUserById } from '../../store/repositories/users.ts';
import type { Context } from '../context.ts';
import { open, seal } from '../crypto/secret-box.ts';
import {
  EnableSoftwareTokenMFAException,
  NotAuthorizedException,
  SoftwareTokenMFANotFoundException,
} from '../errors.ts';
import {
  consumeFlow,
  countWrongAnswer,
  type Flow,
  findFlow,
  startFlow,
} from '../sign-in/session-store.ts';
import { loadClient } from '../user-pools/lookup.ts';
import { MFA_CODE_TRIES } from './codes.ts';
import { poolFactors } from './pool-config.ts';
import { matchTotp, newTotpSecret } from './totp.ts';
import { loadUserMfa } from './user-settings.ts';

/**
 * Authenticator apps (TOTP): AssociateSoftwareToken hands out a secret, VerifySoftwareToken
 * proves the app holds it, either for a signed-in user (access token) or during MFA_SETUP
 * (the sign-in's Session), and SOFTWARE_TOKEN_MFA checks a code at sign-in. Secrets are kept
 * sealed and never handed out again.
 */

type Deps = Pick<Context, 'db' | 'clock' | 'random' | 'serverSecret'>;

/** Who is setting up a token: a signed-in user, or a sign-in waiting on MFA_SETUP. */
export type TokenOwner =
  | { kind: 'user'; pool: UserPool; user: User }
  | { kind: 'session'; session: string };

function assertPoolOffersTotp(pool: UserPool): void {
  if (!poolFactors(pool.settings).totp) throw new SoftwareTokenMFANotFoundException();
}

const invalidSession = () => new NotAuthorizedException('Invalid session for the user.');

/** The MFA_SETUP flow a Session points at, when it may set up an authenticator app. */
async function setupFlow(ctx: Deps, session: string) {
  const flow = await findFlow(ctx, session, undefined);
  if (flow.challenge !== 'MFA_SETUP' || flow.state.verified) throw invalidSession();
  if (!flow.state.options.includes('SOFTWARE_TOKEN_MFA')) throw invalidSession();
  const user = flow.userId ? await findUserById(ctx.db, flow.userId) : undefined;
  if (!user) throw invalidSession();
  const { pool, client } = await loadClient(ctx, flow.clientId).catch(() => {
    throw invalidSession();
  });
  assertPoolOffersTotp(pool);
  return { flow: flow as Flow<'MFA_SETUP'>, user, client };
}

/**
 * AssociateSoftwareToken: a new secret (base32) for the user's authenticator app. For a
 * signed-in user it waits, sealed, for VerifySoftwareToken (replacing any earlier one not yet
 * verified; a verified app keeps working until then). During MFA_SETUP it travels with the flow,
 * which moves to a new Session.
 */
export async function associateSoftwareToken(
  ctx: Deps,
  owner: TokenOwner,
): Promise<{ SecretCode: string; Session?: string }> {
  if (owner.kind === 'user') {
    assertPoolOffersTotp(owner.pool);
    const secret = await newTotpSecret(ctx.random);
    const mfa = await loadUserMfa(ctx, owner.user);
    mfa.totpPending = seal(ctx, 'totp secret', owner.user.id, secret);
    mfa.updatedAt = ctx.clock.now();
    await saveUserMfa(ctx.db, mfa);
    return { SecretCode: secret };
  }
  const { flow, user, client } = await setupFlow(ctx, owner.session);
  const secret = await newTotpSecret(ctx.random);
  await consumeFlow(ctx, flow);
  const session = await startFlow(ctx, {
    userPoolId: flow.userPoolId,
    client,
    userId: user.id,
    carry: flow.carry,
    challenge: 'MFA_SETUP',
    state: { options: flow.state.options, secret: seal(ctx, 'totp secret', user.id, secret) },
  });
  return { SecretCode: secret, Session: session };
}

const mismatch = () => new EnableSoftwareTokenMFAException();

/**
 * VerifySoftwareToken: checks a code of the associated secret. For a signed-in user the secret
 * becomes the verified one (SetUserMFAPreference may then turn TOTP MFA on). During MFA_SETUP
 * the session takes three codes at most; the right one turns TOTP MFA on, preferred, and the
 * flow moves to a new Session, which answers MFA_SETUP for tokens.
 */
export async function verifySoftwareToken(
  ctx: Deps,
  owner: TokenOwner,
  code: string,
): Promise<{ Status: 'SUCCESS'; Session?: string }> {
  const now = ctx.clock.now();
  if (owner.kind === 'user') {
    assertPoolOffersTotp(owner.pool);
    const pending = (await findUserMfa(ctx.db, owner.user.id))?.totpPending;
    if (!pending) {
      throw new SoftwareTokenMFANotFoundException(
        'No software token is associated with the user: call AssociateSoftwareToken first.',
      );
    }
    const step = await matchTotp(open(ctx, 'totp secret', owner.user.id, pending), code, now);
    if (step === undefined) throw mismatch();
    // Verified once: a second call with the same code finds nothing pending any more.
    if (!(await promotePendingSecret(ctx.db, owner.user.id, pending, step, now))) throw mismatch();
    return { Status: 'SUCCESS' };
  }
  const { flow, user, client } = await setupFlow(ctx, owner.session);
  const sealed = flow.state.secret;
  if (!sealed) {
    throw new SoftwareTokenMFANotFoundException(
      'No software token is associated with this session: call AssociateSoftwareToken first.',
    );
  }
  await countWrongAnswer(ctx, flow, MFA_CODE_TRIES);
  const step = await matchTotp(open(ctx, 'totp secret', user.id, sealed), code, now);
  if (step === undefined) throw mismatch();
  const mfa = await loadUserMfa(ctx, user);
  Object.assign(mfa, { totpSecret: sealed, totpPending: undefined, totp: true, updatedAt: now });
  mfa.preferred ??= 'SOFTWARE_TOKEN_MFA';
  mfa.preferencesSet = true;
  await saveUserMfa(ctx.db, mfa);
  await acceptTotpStep(ctx.db, user.id, sealed, step);
  await consumeFlow(ctx, flow);
  const session = await startFlow(ctx, {
    userPoolId: flow.userPoolId,
    client,
    userId: user.id,
    carry: flow.carry,
    challenge: 'MFA_SETUP',
    state: { options: flow.state.options, verified: true },
  });
  return { Status: 'SUCCESS', Session: session };
}

/**
 * SOFTWARE_TOKEN_MFA: true when `code` is the user's authenticator code for now (one step of
 * skew either way) and its step was never accepted before; accepting it is one statement.
 */
export async function checkTotpSignIn(
  ctx: Pick<Context, 'db' | 'clock' | 'serverSecret'>,
  user: Pick<User, 'id'>,
  code: string,
): Promise<boolean> {
  const sealed = (await findUserMfa(ctx.db, user.id))?.totpSecret;
  if (!sealed) return false;
  const step = await matchTotp(open(ctx, 'totp secret', user.id, sealed), code, ctx.clock.now());
  return step !== undefined && acceptTotpStep(ctx.db, user.id, sealed, step);
}
