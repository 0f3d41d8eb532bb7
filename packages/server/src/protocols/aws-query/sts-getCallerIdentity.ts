import { defineQueryAction, xmlElement } from './action.ts';

/**
 * STS GetCallerIdentity, signed with identity-pool credentials: who they are, as
 * `assumed-role/<roleName>/CognitoIdentityCredentials`.
 */
export const getCallerIdentity = defineQueryAction({
  name: 'GetCallerIdentity',
  service: 'sts',
  auth: 'temporary',
  async handler(ctx, _params, caller) {
    // An admin key is its account's root (not reachable while this action is 'temporary').
    if (caller.kind === 'admin')
      return `${xmlElement('Arn', `arn:aws:iam::${ctx.accountId}:root`)}${xmlElement('UserId', ctx.accountId)}${xmlElement('Account', ctx.accountId)}`;
    return `${xmlElement('Arn', caller.arn)}${xmlElement('UserId', caller.userId)}${xmlElement('Account', caller.account)}`;
  },
});
