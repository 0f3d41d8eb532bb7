import type {
  UpdateGroupRequest,
  UpdateGroupResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadPool } from '../../../services/user-pools/index.ts';
import { updateGroup } from '../../../services/users/index.ts';
import { defineOperation } from '../operation.ts';
import { groupInput, toGroupType } from '../shapes.ts';

export default defineOperation<UpdateGroupRequest, UpdateGroupResponse>({
  name: 'UpdateGroup',
  auth: 'sigv4',
  async handler(ctx, input) {
    const { userPoolId, name, fields } = groupInput(input);
    const group = await updateGroup(ctx, await loadPool(ctx, userPoolId), name, fields);
    return { Group: toGroupType(group) };
  },
});
