import type {
  UpdateGroupRequest,
  UpdateGroupResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { updateGroup } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';
import { toGroupType } from '../shapes.ts';
import { DESCRIPTION, GROUP_NAME, optInt, optStr, ROLE_ARN, str, USER_POOL_ID } from '../wire.ts';

export default defineOperation<UpdateGroupRequest, UpdateGroupResponse>({
  name: 'UpdateGroup',
  auth: 'sigv4',
  async handler(ctx, input) {
    // Every member is validated before anything is looked up, as Cognito does.
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const name = str(input, 'GroupName', GROUP_NAME);
    const fields = {
      description: optStr(input, 'Description', DESCRIPTION),
      roleArn: optStr(input, 'RoleArn', ROLE_ARN),
      precedence: optInt(input, 'Precedence', { min: 0 }),
    };
    const group = await updateGroup(ctx, await loadPool(ctx, userPoolId), name, fields);
    return { Group: toGroupType(group) };
  },
});
