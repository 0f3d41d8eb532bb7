import type { Attributes, User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import { deleteUser as removeUser } from '../../store/repositories/users.ts';
import type { Context } from '../context.ts';
import {
  type CodeDeliveryDetails,
  type DeliveryDeps,
  deliverToUser,
  type MessageContext,
} from '../delivery/code-delivery.ts';
import {
  InvalidParameterException,
  UnsupportedUserStateException,
  UserNotFoundException,
  UsernameExistsException,
} from '../errors.ts';
import { setPassword } from '../passwords/change-password.ts';
import { checkPassword, generateTemporaryPassword } from '../passwords/password-policy.ts';
import { newUser, storeNewUser } from '../sign-up/sign-up.ts';
import { commitOwnTransaction } from '../triggers/committed.ts';
import { runPreSignUp } from '../triggers/pre-sign-up.ts';
import { validateAttributes } from './attributes.ts';
import { resolveUser } from './lookup.ts';

type Deps = DeliveryDeps & Pick<Context, 'random' | 'serverSecret'>;

/** Finds a user by username or alias, or throws UserNotFoundException. */
export async function requireUser(ctx: Pick<Context, 'db'>, pool: UserPool, username: string) {
  const user = await resolveUser(ctx, pool, username);
  if (!user) throw new UserNotFoundException('User does not exist.');
  return user;
}

/** Input of AdminCreateUser, already parsed. */
export interface AdminCreateUserInput {
  username: string;
  attributes: Attributes;
  temporaryPassword?: string;
  messageAction?: 'RESEND' | 'SUPPRESS';
  desiredDeliveryMediums?: ('EMAIL' | 'SMS')[];
  /** Move a verified email/phone alias another user holds to the new user instead of failing. */
  forceAliasCreation?: boolean;
  /** ValidationData, for the PreSignUp trigger. */
  validationData?: Record<string, string>;
  /** ClientMetadata, for the PreSignUp and CustomMessage triggers. */
  clientMetadata?: Record<string, string>;
}

/** Picks where the invitation goes: the mediums asked for that the user has an address for. */
function invitationMediums(user: User, asked?: ('EMAIL' | 'SMS')[]): ('EMAIL' | 'SMS')[] {
  const has = { EMAIL: Boolean(user.attributes.email), SMS: Boolean(user.attributes.phone_number) };
  if (asked?.length) {
    const usable = asked.filter((m) => has[m]);
    if (usable.length === 0) {
      throw new InvalidParameterException(
        'User has no attribute matching desired delivery mediums',
      );
    }
    return usable;
  }
  // Cognito defaults to SMS; without a phone number we fall back to email rather than fail.
  return has.SMS ? ['SMS'] : has.EMAIL ? ['EMAIL'] : [];
}

async function sendInvitation(
  ctx: Deps,
  pool: UserPool,
  user: User,
  password: string,
  mediums: ('EMAIL' | 'SMS')[],
  why: MessageContext,
): Promise<CodeDeliveryDetails[]> {
  const t = pool.settings.AdminCreateUserConfig?.InviteMessageTemplate ?? {};
  const body = 'Your username is {username} and temporary password is {####}.';
  const out: CodeDeliveryDetails[] = [];
  for (const medium of mediums) {
    const message =
      medium === 'EMAIL'
        ? { subject: t.EmailSubject ?? 'Your temporary password', body: t.EmailMessage ?? body }
        : { body: t.SMSMessage ?? body };
    out.push(await deliverToUser(ctx, pool, user, medium, { ...message, code: password }, why));
  }
  return out;
}

/**
 * AdminCreateUser: a FORCE_CHANGE_PASSWORD user with a temporary password (given or generated),
 * invited by email/SMS unless suppressed; RESEND re-invites an existing such user. A new user
 * goes through the pool's PreSignUp trigger (PreSignUp_AdminCreateUser) first, outside any
 * transaction; its answer is ignored, as on Cognito, but a failing function refuses the user.
 */
export async function adminCreateUser(
  ctx: Deps & Pick<Context, 'region' | 'functions'>,
  pool: UserPool,
  input: AdminCreateUserInput,
): Promise<User> {
  const policy = pool.settings.Policies?.PasswordPolicy ?? {};
  if (input.temporaryPassword !== undefined) checkPassword(policy, input.temporaryPassword);
  const password = input.temporaryPassword ?? generateTemporaryPassword(policy, ctx.random);
  const why = { source: 'AdminCreateUser' as const, clientMetadata: input.clientMetadata };
  if (input.messageAction === 'RESEND') {
    return commitOwnTransaction(ctx.db, async (db) => {
      const tctx = { ...ctx, db };
      const user = await requireUser(tctx, pool, input.username);
      if (user.status !== 'FORCE_CHANGE_PASSWORD') {
        throw new UnsupportedUserStateException(
          `Resend not possible. User status is ${user.status}`,
        );
      }
      await setPassword(tctx, pool, user, password, 'FORCE_CHANGE_PASSWORD');
      const mediums = invitationMediums(user, input.desiredDeliveryMediums);
      await sendInvitation(tctx, pool, user, password, mediums, why);
      return user;
    });
  }
  validateAttributes(pool.settings.SchemaAttributes ?? [], input.attributes, 'adminCreate');
  const user = await newUser(ctx, pool, {
    username: input.username,
    password,
    attributes: input.attributes,
    status: 'FORCE_CHANGE_PASSWORD',
  });
  await runPreSignUp(ctx, {
    pool,
    source: 'AdminCreateUser',
    userName: user.username,
    attributes: user.attributes,
    validationData: input.validationData,
    clientMetadata: input.clientMetadata,
  });
  return commitOwnTransaction(ctx.db, async (db) => {
    const tctx = { ...ctx, db };
    const opts = { forceAliasCreation: input.forceAliasCreation };
    await storeNewUser(tctx, pool, user, opts).catch((err) => {
      if (err instanceof UsernameExistsException)
        throw new UsernameExistsException('User account already exists');
      throw err;
    });
    if (input.messageAction !== 'SUPPRESS') {
      const mediums = invitationMediums(user, input.desiredDeliveryMediums);
      await sendInvitation(tctx, pool, user, password, mediums, why);
    }
    return user;
  });
}

/** AdminDeleteUser and DeleteUser: removes the user and every token and code of theirs. */
export async function deleteUser(ctx: Pick<Context, 'db'>, user: User): Promise<void> {
  await removeUser(ctx.db, user.id);
}
