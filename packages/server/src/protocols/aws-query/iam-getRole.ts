import { checkName, getRole as get } from '../../services/roles/index.ts';
import { defineQueryAction } from './action.ts';
import { param, roleXml } from './iam-role-xml.ts';

/** IAM GetRole. */
export const getRole = defineQueryAction({
  name: 'GetRole',
  service: 'iam',
  auth: 'admin',
  async handler(ctx, params) {
    const role = await get(ctx, checkName(param(params, 'RoleName'), 'roleName', 64));
    return `<Role>${roleXml(role)}</Role>`;
  },
});
