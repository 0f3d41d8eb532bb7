import type { QueryAction } from './action.ts';
import { createRole } from './iam-createRole.ts';
import { deleteRole } from './iam-deleteRole.ts';
import { deleteRolePolicy } from './iam-deleteRolePolicy.ts';
import { getRole } from './iam-getRole.ts';
import { getRolePolicy } from './iam-getRolePolicy.ts';
import { listRolePolicies } from './iam-listRolePolicies.ts';
import { listRoles } from './iam-listRoles.ts';
import { putRolePolicy } from './iam-putRolePolicy.ts';
import { getCallerIdentity } from './sts-getCallerIdentity.ts';

/** Every Query-protocol action this endpoint answers (STS, IAM). The only list of them. */
export const queryActions: QueryAction[] = [
  getCallerIdentity,
  createRole,
  getRole,
  deleteRole,
  listRoles,
  putRolePolicy,
  getRolePolicy,
  deleteRolePolicy,
  listRolePolicies,
];
