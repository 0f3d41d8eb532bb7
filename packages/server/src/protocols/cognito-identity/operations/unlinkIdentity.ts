import type { UnlinkIdentityInput } from '@aws-sdk/client-cognito-identity';
import {
  IDENTITY_ID,
  IDENTITY_PROVIDER_NAME,
  IDENTITY_PROVIDER_TOKEN,
  readCheckedMap,
  unlinkIdentity,
} from '../../../services/identity-pools/index.ts';
import { str, strList } from '../../../services/validation/index.ts';
import { validationError } from '../../../services/validation/messages.ts';
import { defineOperation } from '../../cognito-idp/operation.ts';

export default defineOperation<UnlinkIdentityInput, Record<string, never>>({
  name: 'UnlinkIdentity',
  auth: 'none',
  transaction: false,
  async handler(ctx, input) {
    const identityId = str(input, 'IdentityId', IDENTITY_ID);
    const logins = readCheckedMap(
      input,
      'Logins',
      '',
      IDENTITY_PROVIDER_NAME,
      IDENTITY_PROVIDER_TOKEN,
      10,
    );
    if (!logins) validationError(null, 'logins', 'Member must not be null');
    const toRemove = strList(input, 'LoginsToRemove', {
      ...IDENTITY_PROVIDER_NAME,
      required: true,
    });
    await unlinkIdentity(ctx, identityId, logins, toRemove);
    return {};
  },
});
