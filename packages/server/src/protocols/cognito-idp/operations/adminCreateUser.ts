import type {
  AdminCreateUserRequest,
  AdminCreateUserResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../services/errors.ts';
import { loadPool } from '../../../services/user-pools/index.ts';
import { adminCreateUser } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';
import { userType } from '../shapes.ts';
import { attrs, optBool, optStr, PASSWORD, str, strList, USER_POOL_ID, USERNAME } from '../wire.ts';

export default defineOperation<AdminCreateUserRequest, AdminCreateUserResponse>({
  name: 'AdminCreateUser',
  auth: 'sigv4',
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const messageAction = optStr(input, 'MessageAction');
    if (messageAction && messageAction !== 'RESEND' && messageAction !== 'SUPPRESS') {
      throw new InvalidParameterException(
        `1 validation error detected: Value '${messageAction}' at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]`,
      );
    }
    const mediums = strList(input, 'DesiredDeliveryMediums');
    if (mediums?.some((m) => m !== 'EMAIL' && m !== 'SMS')) {
      throw new InvalidParameterException('DesiredDeliveryMediums must be EMAIL or SMS.');
    }
    attrs(input, 'ValidationData');
    const user = await adminCreateUser(ctx, pool, {
      username: str(input, 'Username', USERNAME),
      attributes: attrs(input, 'UserAttributes'),
      temporaryPassword: optStr(input, 'TemporaryPassword', PASSWORD),
      messageAction: messageAction as 'RESEND' | 'SUPPRESS' | undefined,
      desiredDeliveryMediums: mediums as ('EMAIL' | 'SMS')[] | undefined,
      forceAliasCreation: optBool(input, 'ForceAliasCreation'),
    });
    return { User: userType(user) };
  },
});
