import type {
  CreateGroupRequest,
  CreateGroupResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { createGroup } from '../../../services/users/index.ts';
import {
  ARN,
  DESCRIPTION,
  GROUP_NAME,
  optInt,
  optStr,
  str,
  USER_POOL_ID,
} from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';
import { toGroupType } from '../shapes.ts';

export default defineOperation<CreateGroupRequest, CreateGroupResponse>({
  name: 'CreateGroup',
  auth: 'sigv4',
  async handler(ctx, input) {
    // Every member is validated before anything is looked up, as Cognito does.
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const name = str(input, 'GroupName', GROUP_NAME);
    const fields = {
      description: optStr(input, 'Description', DESCRIPTION),
      roleArn: optStr(input, 'RoleArn', ARN),
      precedence: optInt(input, 'Precedence', { min: 0 }),
    };
    const group = await createGroup(ctx, await loadPool(ctx, userPoolId), name, fields);
    return { Group: toGroupType(group) };
  },
});
