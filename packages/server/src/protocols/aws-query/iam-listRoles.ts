import { checkMaxItems, listRoles as list } from '../../services/roles/index.ts';
import { defineQueryAction, xmlElement } from './action.ts';
import { param, roleXml } from './iam-role-xml.ts';

/** IAM ListRoles: by name, paged with Marker / MaxItems, filtered by PathPrefix. */
export const listRoles = defineQueryAction({
  name: 'ListRoles',
  service: 'iam',
  auth: 'admin',
  async handler(ctx, params) {
    const page = await list(ctx, {
      pathPrefix: param(params, 'PathPrefix'),
      marker: param(params, 'Marker'),
      maxItems: checkMaxItems(param(params, 'MaxItems')),
    });
    const members = page.roles.map((role) => `<member>${roleXml(role)}</member>`).join('');
    return `<IsTruncated>${page.marker !== undefined}</IsTruncated>${xmlElement('Marker', page.marker)}<Roles>${members}</Roles>`;
  },
});
