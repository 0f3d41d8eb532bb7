import { checkName, deleteRolePolicy as remove } from '../../services/roles/index.ts';
import { defineQueryAction } from './action.ts';
import { param } from './iam-role-xml.ts';

/** IAM DeleteRolePolicy. */
export const deleteRolePolicy = defineQueryAction({
  name: 'DeleteRolePolicy',
  service: 'iam',
  auth: 'admin',
  async handler(ctx, params) {
    await remove(
      ctx,
      checkName(param(params, 'RoleName'), 'roleName', 64),
      checkName(param(params, 'PolicyName'), 'policyName', 128),
    );
    return undefined;
  },
});
