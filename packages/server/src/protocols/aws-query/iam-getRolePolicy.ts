import { checkName, getRolePolicy as get } from '../../services/roles/index.ts';
import { defineQueryAction, xmlElement } from './action.ts';
import { encodePolicy, param } from './iam-role-xml.ts';

/** IAM GetRolePolicy: the document URL-encoded, as IAM returns it. */
export const getRolePolicy = defineQueryAction({
  name: 'GetRolePolicy',
  service: 'iam',
  auth: 'admin',
  async handler(ctx, params) {
    const { role, policy } = await get(
      ctx,
      checkName(param(params, 'RoleName'), 'roleName', 64),
      checkName(param(params, 'PolicyName'), 'policyName', 128),
    );
    return [
      xmlElement('RoleName', role.roleName),
      xmlElement('PolicyName', policy.policyName),
      xmlElement('PolicyDocument', encodePolicy(policy.document)),
    ].join('');
  },
});
