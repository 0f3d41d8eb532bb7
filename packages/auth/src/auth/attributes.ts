import { CognitoUserAttribute } from '../internal/attribute.ts';
import { request } from '../internal/client.ts';
import { rejectAuthError } from '../internal/errors.ts';
import { dispatchAuthEvent } from '../internal/hub.ts';
import {
  accessTokenOf,
  attributesToObject,
  currentUserPoolUser,
  getUserData,
  userSession,
} from '../internal/session.ts';
import { getState } from '../internal/state.ts';
import type { CognitoUser } from '../internal/user.ts';
import { currentCredentials } from './credentials.ts';
import type { CodeDeliveryDetails } from './sign-up.ts';

/** The user's attributes from the server (GetUser), as Amplify v5 `Auth.userAttributes`. */
export async function userAttributes(user: CognitoUser): Promise<CognitoUserAttribute[]> {
  await userSession(user);
  const data = await request<{ UserAttributes: { Name: string; Value: string }[] }>('GetUser', {
    AccessToken: accessTokenOf(user),
  });
  return (data.UserAttributes ?? []).map((a) => new CognitoUserAttribute(a));
}

/** Per-attribute outcome dispatched with `updateUserAttributes`. */
export type UpdateAttributesResult = Record<
  string,
  { isUpdated: boolean; codeDeliveryDetails?: CodeDeliveryDetails }
>;

/**
 * Updates attributes (Amplify v5 `Auth.updateUserAttributes`); `sub` and `*_verified` are
 * skipped as Amplify does. Resolves 'SUCCESS'; dispatches `updateUserAttributes` with which
 * attributes changed and which await a code, or `updateUserAttributes_failure`.
 */
export async function updateUserAttributes(
  user: CognitoUser,
  attributes: Record<string, string>,
  clientMetadata: Record<string, string> | undefined = getState().config.clientMetadata,
): Promise<'SUCCESS'> {
  await userSession(user);
  const list = Object.entries(attributes)
    .filter(([k]) => k !== 'sub' && !k.includes('_verified'))
    .map(([Name, Value]) => ({ Name, Value }));
  let res: { CodeDeliveryDetailsList?: CodeDeliveryDetails[] };
  try {
    res = await request('UpdateUserAttributes', {
      UserAttributes: list,
      AccessToken: accessTokenOf(user),
      ClientMetadata: clientMetadata,
    });
  } catch (err) {
    dispatchAuthEvent('updateUserAttributes_failure', err, 'Failed to update attributes');
    throw err;
  }
  // identity-js refreshes the cached user (and the tokens) after a change.
  await getUserData(user, { bypassCache: true }).catch(() => undefined);
  dispatchAuthEvent(
    'updateUserAttributes',
    updateResultList(attributes, res.CodeDeliveryDetailsList),
    'Attributes successfully updated',
  );
  return 'SUCCESS';
}

/** Which attributes changed now and which wait for a code (Amplify createUpdateAttributesResultList). */
export function updateResultList(
  attributes: Record<string, string>,
  deliveries?: CodeDeliveryDetails[],
): UpdateAttributesResult {
  const out: UpdateAttributesResult = {};
  for (const key of Object.keys(attributes)) {
    const delivery = deliveries?.find((d) => d.AttributeName === key);
    out[key] = delivery ? { isUpdated: false, codeDeliveryDetails: delivery } : { isUpdated: true };
  }
  return out;
}

/** Deletes attributes (Amplify v5 `Auth.deleteUserAttributes`); resolves 'SUCCESS'. */
export async function deleteUserAttributes(
  user: CognitoUser,
  attributeNames: string[],
): Promise<'SUCCESS'> {
  await userSession(user);
  await request('DeleteUserAttributes', {
    UserAttributeNames: attributeNames,
    AccessToken: accessTokenOf(user),
  });
  await getUserData(user, { bypassCache: true }).catch(() => undefined);
  return 'SUCCESS';
}

/** Sends a verification code for `attr` (GetUserAttributeVerificationCode); resolves 'SUCCESS'. */
export async function verifyUserAttribute(
  user: CognitoUser,
  attr: string,
  clientMetadata: Record<string, string> | undefined = getState().config.clientMetadata,
): Promise<'SUCCESS'> {
  await request('GetUserAttributeVerificationCode', {
    AttributeName: attr,
    AccessToken: accessTokenOf(user),
    ClientMetadata: clientMetadata,
  });
  return 'SUCCESS';
}

/** Verifies `attr` with the code (VerifyUserAttribute); resolves 'SUCCESS'. */
export async function verifyUserAttributeSubmit(
  user: CognitoUser,
  attr: string,
  code: string,
): Promise<'SUCCESS'> {
  if (!code) return rejectAuthError('emptyCode');
  await request('VerifyUserAttribute', {
    AttributeName: attr,
    Code: code,
    AccessToken: accessTokenOf(user),
  });
  return 'SUCCESS';
}

/** verifyUserAttribute for the signed-in user (Amplify v5 `Auth.verifyCurrentUserAttribute`). */
export async function verifyCurrentUserAttribute(attr: string): Promise<'SUCCESS'> {
  return verifyUserAttribute(await currentUserPoolUser(), attr);
}

/** verifyUserAttributeSubmit for the signed-in user. */
export async function verifyCurrentUserAttributeSubmit(
  attr: string,
  code: string,
): Promise<'SUCCESS'> {
  return verifyUserAttributeSubmit(await currentUserPoolUser(), attr, code);
}

/** Which of email and phone_number are verified (Amplify v5 `Auth.verifiedContact`). */
export async function verifiedContact(
  user: CognitoUser,
): Promise<{ verified: Record<string, unknown>; unverified: Record<string, unknown> }> {
  const attrs = attributesToObject(await userAttributes(user));
  const verified: Record<string, unknown> = {};
  const unverified: Record<string, unknown> = {};
  for (const name of ['email', 'phone_number']) {
    if (!attrs[name]) continue;
    (attrs[`${name}_verified`] ? verified : unverified)[name] = attrs[name];
  }
  return { verified, unverified };
}

/** `{ id, username, attributes }` of the signed-in user, or null (Amplify v5 `Auth.currentUserInfo`). */
export async function currentUserInfo(): Promise<{
  id?: string;
  username?: string;
  attributes?: Record<string, unknown>;
} | null> {
  const user = await currentUserPoolUser().catch(() => null);
  if (!user) return null;
  try {
    const attributes = attributesToObject(await userAttributes(user));
    let id: string | undefined;
    try {
      id = getState().config.identityPoolId ? (await currentCredentials()).identityId : undefined;
    } catch {
      id = undefined;
    }
    return { id, username: user.getUsername(), attributes };
  } catch {
    return {};
  }
}
