import { checkName, deleteRole as remove } from '../../services/roles/index.ts';
import { defineQueryAction } from './action.ts';
import { param } from './iam-role-xml.ts';

/** IAM DeleteRole: refused (DeleteConflict) while the role has policies. */
export const deleteRole = defineQueryAction({
  name: 'DeleteRole',
  service: 'iam',
  auth: 'admin',
  async handler(ctx, params) {
    await remove(ctx, checkName(param(params, 'RoleName'), 'roleName', 64));
    return undefined;
  },
});
