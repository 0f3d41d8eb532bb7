import { currentUserPoolUser } from '../internal/session.ts';
import { getState } from '../internal/state.ts';
import type { CognitoUser } from '../internal/user.ts';
import type { CurrentUserOpts } from './session.ts';

/**
 * The signed-in user with `attributes` (Amplify v5 `Auth.currentAuthenticatedUser`): a
 * federated user when one is stored, else the user pool's. Rejects with the string
 * 'The user is not authenticated' when nobody is signed in, as Amplify v5 does.
 */
export async function currentAuthenticatedUser(params?: CurrentUserOpts): Promise<CognitoUser> {
  const state = getState();
  await state.storageSync;
  try {
    const info = JSON.parse(state.storage.getItem('aws-amplify-federatedInfo') ?? 'null');
    if (info) {
      state.user = { ...info.user, token: info.token };
      return state.user as CognitoUser;
    }
  } catch {
    // not federated
  }
  try {
    state.user = await currentUserPoolUser(params);
  } catch {
    throw 'The user is not authenticated';
  }
  return state.user;
}
