import type {
  AdminCreateUserRequest,
  AdminCreateUserResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { adminCreateUser, attributesFromWire } from '../../../services/users/index.ts';
import {
  optBool,
  optStr,
  PASSWORD,
  readEnum,
  readEnumList,
  str,
  strMap,
  USER_POOL_ID,
  USERNAME,
} from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { userType } from '../shapes.ts';

// Enum values in the service model's order, as Cognito lists them in its messages.
const MESSAGE_ACTIONS = ['RESEND', 'SUPPRESS'] as const;
const DELIVERY_MEDIUMS = ['SMS', 'EMAIL'] as const;

export default defineOperation<AdminCreateUserRequest, AdminCreateUserResponse>({
  name: 'AdminCreateUser',
  auth: 'sigv4',
  // The PreSignUp trigger runs before the service's own transaction (it may call the server).
  transaction: false,
  async handler(ctx, input) {
    const pool = await loadPool(ctx, str(input, 'UserPoolId', USER_POOL_ID));
    const messageAction = readEnum(input, 'MessageAction', '', MESSAGE_ACTIONS);
    const mediums = readEnumList(input, 'DesiredDeliveryMediums', '', DELIVERY_MEDIUMS);
    const validationData = attributesFromWire(input.ValidationData, 'validationData');
    const clientMetadata = strMap(input, 'ClientMetadata');
    const user = await adminCreateUser(ctx, pool, {
      username: str(input, 'Username', USERNAME),
      attributes: attributesFromWire(input.UserAttributes, 'userAttributes'),
      temporaryPassword: optStr(input, 'TemporaryPassword', PASSWORD),
      messageAction,
      desiredDeliveryMediums: mediums,
      forceAliasCreation: optBool(input, 'ForceAliasCreation'),
      validationData,
      clientMetadata,
    });
    return { User: userType(user) };
  },
});
