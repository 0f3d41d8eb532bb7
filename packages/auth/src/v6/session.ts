import { request } from '../internal/client.ts';
import {
  accessTokenOf,
  currentUserPoolUser,
  refreshSession,
  userSession,
} from '../internal/session.ts';
import { getState, type ICredentials } from '../internal/state.ts';
import type { JwtPayload } from '../internal/tokens.ts';
import type { CognitoUser } from '../internal/user.ts';
import { type AuthCodeDeliveryDetails, toDelivery, v6 } from './types.ts';

/** A JWT as v6 hands it out: the payload, and the token from toString(). */
export interface JWT {
  payload: JwtPayload;
  toString(): string;
}

// Attributes, passwords and credentials load on first use, as for the v5 Auth object.
const extras = () => import('../extras.ts');

const jwt = (token: string, payload: JwtPayload): JWT => ({ payload, toString: () => token });

/** v6 fetchAuthSession output. */
export interface AuthSession {
  tokens?: { accessToken: JWT; idToken?: JWT };
  credentials?: Omit<ICredentials, 'identityId' | 'authenticated'>;
  identityId?: string;
  userSub?: string;
}

async function signedInUser(): Promise<CognitoUser> {
  // As v6: a sign-in coming back from the hosted UI finishes first.
  await getState().redirect;
  return v6(() => currentUserPoolUser());
}

/**
 * The current tokens, refreshed when expired or when `forceRefresh` is set, and identity-pool
 * credentials with their `identityId` when `identityPoolId` is configured (aws-amplify v6
 * `fetchAuthSession`): the user's, or a guest's when signed out and `allowGuestAccess` is true.
 * Credentials are kept until five sixths of their lifetime (fifty minutes of an hour) or a new
 * ID token; `forceRefresh` asks for new ones too. A failure to get them rejects, as in v6.
 *
 * @example
 * const { credentials, identityId } = await fetchAuthSession();
 * const s3 = new S3Client({ region, credentials });
 */
export async function fetchAuthSession(
  options: { forceRefresh?: boolean } = {},
): Promise<AuthSession> {
  const out: AuthSession = {};
  const { config, redirect } = getState();
  // As v6: a sign-in coming back from the hosted UI finishes first.
  await redirect;
  const user = await currentUserPoolUser().catch(() => null);
  if (user) {
    let session = await userSession(user);
    if (options.forceRefresh) {
      session = await refreshSession(user, session.getRefreshToken().getToken());
    }
    const access = session.getAccessToken();
    const id = session.getIdToken();
    out.tokens = {
      accessToken: jwt(access.getJwtToken(), access.decodePayload()),
      idToken: jwt(id.getJwtToken(), id.decodePayload()),
    };
    out.userSub = String(access.decodePayload().sub ?? '');
  }
  if (config.identityPoolId) {
    getState().api = 'v6';
    const idToken = out.tokens?.idToken?.toString();
    const c = await (await extras()).sessionCredentials(idToken, options.forceRefresh);
    if (c) {
      out.credentials = {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
        expiration: c.expiration,
      };
      out.identityId = c.identityId;
    }
  }
  return out;
}

/** `{ username, userId, signInDetails }` of the signed-in user (aws-amplify v6 `getCurrentUser`). */
export async function getCurrentUser(): Promise<{
  username: string;
  userId: string;
  signInDetails?: { loginId?: string; authFlowType?: string };
}> {
  const user = await signedInUser();
  const payload = (await userSession(user)).getAccessToken().decodePayload();
  return {
    username: String(payload.username ?? user.getUsername()),
    userId: String(payload.sub ?? ''),
    signInDetails: { authFlowType: getState().config.authenticationFlowType ?? 'USER_SRP_AUTH' },
  };
}

/** The user's attributes from the server, as strings (aws-amplify v6 `fetchUserAttributes`). */
export async function fetchUserAttributes(): Promise<Record<string, string>> {
  const list = await (await extras()).userAttributes(await signedInUser());
  return Object.fromEntries(list.map((a) => [a.getName(), a.getValue()]));
}

/** Per-attribute outcome of v6 updateUserAttributes. */
export type UpdateUserAttributesOutput = Record<
  string,
  {
    isUpdated: boolean;
    nextStep: {
      updateAttributeStep: 'DONE' | 'CONFIRM_ATTRIBUTE_WITH_CODE';
      codeDeliveryDetails?: AuthCodeDeliveryDetails;
    };
  }
>;

/** Updates attributes (aws-amplify v6 `updateUserAttributes`). */
export async function updateUserAttributes(input: {
  userAttributes: Record<string, string>;
  options?: { clientMetadata?: Record<string, string> };
}): Promise<UpdateUserAttributesOutput> {
  const user = await signedInUser();
  await userSession(user);
  const res = await request<{ CodeDeliveryDetailsList?: { AttributeName?: string }[] }>(
    'UpdateUserAttributes',
    {
      UserAttributes: Object.entries(input.userAttributes).map(([Name, Value]) => ({
        Name,
        Value,
      })),
      AccessToken: accessTokenOf(user),
      ClientMetadata: input.options?.clientMetadata ?? getState().config.clientMetadata,
    },
  );
  const list = (await extras()).updateResultList(input.userAttributes, res.CodeDeliveryDetailsList);
  const out: UpdateUserAttributesOutput = {};
  for (const [k, v] of Object.entries(list)) {
    out[k] = v.isUpdated
      ? { isUpdated: true, nextStep: { updateAttributeStep: 'DONE' } }
      : {
          isUpdated: false,
          nextStep: {
            updateAttributeStep: 'CONFIRM_ATTRIBUTE_WITH_CODE',
            codeDeliveryDetails: toDelivery(v.codeDeliveryDetails),
          },
        };
  }
  return out;
}

/** Starts a password reset (aws-amplify v6 `resetPassword`). */
export async function resetPassword(input: {
  username: string;
  options?: { clientMetadata?: Record<string, string> };
}): Promise<{
  isPasswordReset: boolean;
  nextStep: {
    resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE' | 'DONE';
    codeDeliveryDetails: AuthCodeDeliveryDetails;
  };
}> {
  const { forgotPassword } = await extras();
  const res = await v6(() => forgotPassword(input.username, input.options?.clientMetadata));
  return {
    isPasswordReset: false,
    nextStep: {
      resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE',
      codeDeliveryDetails: toDelivery(res.CodeDeliveryDetails),
    },
  };
}

/** Sets the new password with the reset code (aws-amplify v6 `confirmResetPassword`). */
export async function confirmResetPassword(input: {
  username: string;
  confirmationCode: string;
  newPassword: string;
  options?: { clientMetadata?: Record<string, string> };
}): Promise<void> {
  const { forgotPasswordSubmit } = await extras();
  await v6(() =>
    forgotPasswordSubmit(
      input.username,
      input.confirmationCode,
      input.newPassword,
      input.options?.clientMetadata,
    ),
  );
}

/** Changes the signed-in user's password (aws-amplify v6 `updatePassword`). */
export async function updatePassword(input: {
  oldPassword: string;
  newPassword: string;
}): Promise<void> {
  const user = await signedInUser();
  await (await extras()).changePassword(user, input.oldPassword, input.newPassword);
}

/** Deletes the signed-in user and signs out (aws-amplify v6 `deleteUser`). */
export async function deleteUser(): Promise<void> {
  const { deleteUser: deleteUserV5 } = await extras();
  await v6(() => deleteUserV5());
}
