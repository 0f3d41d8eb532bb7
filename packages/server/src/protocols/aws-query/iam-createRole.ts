import {
  checkDescription,
  checkMaxSessionDuration,
  checkName,
  checkPath,
  checkPolicyDocument,
  createRole as create,
} from '../../services/roles/index.ts';
import { defineQueryAction } from './action.ts';
import { param, roleXml } from './iam-role-xml.ts';

/** IAM CreateRole: a role with its trust policy (identity pools hand out its ARN). */
export const createRole = defineQueryAction({
  name: 'CreateRole',
  service: 'iam',
  auth: 'admin',
  async handler(ctx, params) {
    const role = await create(ctx, {
      roleName: checkName(param(params, 'RoleName'), 'roleName', 64),
      path: checkPath(param(params, 'Path'), 'path'),
      assumeRolePolicy: checkPolicyDocument(
        param(params, 'AssumeRolePolicyDocument'),
        'assumeRolePolicyDocument',
      ),
      description: checkDescription(param(params, 'Description')),
      maxSessionDuration: checkMaxSessionDuration(param(params, 'MaxSessionDuration')),
    });
    return `<Role>${roleXml(role)}</Role>`;
  },
});
