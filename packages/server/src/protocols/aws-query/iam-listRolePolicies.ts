import { checkMaxItems, checkName, listRolePolicies as list } from '../../services/roles/index.ts';
import { defineQueryAction, xmlElement, xmlText } from './action.ts';
import { param } from './iam-role-xml.ts';

/** IAM ListRolePolicies: the names of a role's inline policies. */
export const listRolePolicies = defineQueryAction({
  name: 'ListRolePolicies',
  service: 'iam',
  auth: 'admin',
  async handler(ctx, params) {
    const page = await list(ctx, checkName(param(params, 'RoleName'), 'roleName', 64), {
      marker: param(params, 'Marker'),
      maxItems: checkMaxItems(param(params, 'MaxItems')),
    });
    const members = page.names.map((name) => `<member>${xmlText(name)}</member>`).join('');
    return `<IsTruncated>${page.marker !== undefined}</IsTruncated>${xmlElement('Marker', page.marker)}<PolicyNames>${members}</PolicyNames>`;
  },
});
