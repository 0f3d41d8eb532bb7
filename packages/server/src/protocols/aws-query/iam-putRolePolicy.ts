import {
  checkName,
  checkPolicyDocument,
  putRolePolicy as put,
} from '../../services/roles/index.ts';
import { defineQueryAction } from './action.ts';
import { param } from './iam-role-xml.ts';

/** IAM PutRolePolicy: creates or replaces an inline permissions policy of a role. */
export const putRolePolicy = defineQueryAction({
  name: 'PutRolePolicy',
  service: 'iam',
  auth: 'admin',
  async handler(ctx, params) {
    const roleName = checkName(param(params, 'RoleName'), 'roleName', 64);
    const policyName = checkName(param(params, 'PolicyName'), 'policyName', 128);
    const document = checkPolicyDocument(param(params, 'PolicyDocument'), 'policyDocument');
    await put(ctx, roleName, { policyName, document });
    return undefined;
  },
});
