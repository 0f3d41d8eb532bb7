import type { RoleRecord } from '../../services/roles/index.ts';
import { xmlElement } from './action.ts';

// IAM's XML for a role, shared by CreateRole, GetRole and ListRoles.

/** IAM's date-time form: ISO 8601 in UTC, whole seconds. */
export const iamDate = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * A policy document as IAM returns it: URL-encoded (RFC 3986), which the SDKs hand to the caller
 * as is (decodeURIComponent gives the JSON back).
 */
export const encodePolicy = (doc: string) =>
  encodeURIComponent(doc).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** The members of a `Role` element (without the element itself). */
export function roleXml(role: RoleRecord): string {
  return [
    xmlElement('Path', role.path),
    xmlElement('RoleName', role.roleName),
    xmlElement('RoleId', role.roleId),
    xmlElement('Arn', role.arn),
    xmlElement('CreateDate', iamDate(role.createdAt)),
    xmlElement('AssumeRolePolicyDocument', encodePolicy(role.assumeRolePolicy)),
    xmlElement('Description', role.description),
    xmlElement('MaxSessionDuration', role.maxSessionDuration),
  ].join('');
}

/** A form parameter; undefined when absent. */
export const param = (params: URLSearchParams, name: string) => params.get(name) ?? undefined;
