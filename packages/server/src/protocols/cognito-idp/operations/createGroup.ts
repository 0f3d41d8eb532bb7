import type {
  CreateGroupRequest,
  CreateGroupResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { createGroup } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';
import { groupInput, toGroupType } from '../shapes.ts';

export default defineOperation<CreateGroupRequest, CreateGroupResponse>({
  name: 'CreateGroup',
  auth: 'sigv4',
  async handler(ctx, input) {
    const { userPoolId, name, fields } = groupInput(input);
    const group = await createGroup(ctx, await loadPool(ctx, userPoolId), name, fields);
    return { Group: toGroupType(group) };
  },
});
