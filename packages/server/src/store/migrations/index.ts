import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-11-23T000000-initial.ts';
import * as directory from './2026-11-23T120000-directory.ts';
import * as signInFailures from './2026-11-23T130000-sign-in-failures.ts';
import * as mfa from './2026-12-06T100000-mfa.ts';
import * as devices from './2026-12-06T110000-devices.ts';
import * as domains from './2026-12-06T120000-domains.ts';
import * as oauth from './2026-12-06T121000-oauth.ts';
import * as identityProviders from './2026-12-06T122000-identity-providers.ts';
import * as identityPools from './2026-12-06T130000-identity-pools.ts';
import * as credentials from './2026-12-06T131000-credentials.ts';
import * as iamRoles from './2026-12-06T132000-iam-roles.ts';
import * as adminSessions from './2026-12-06T140000-admin-sessions.ts';
import * as rateLimits from './2026-12-06T141000-rate-limits.ts';
import * as retention from './2026-12-06T142000-retention.ts';
import * as secretsAtRest from './2026-12-06T143000-secrets-at-rest.ts';
import * as auditEvents from './2026-12-06T144000-audit-events.ts';
import * as refreshTokenFamilies from './2026-12-06T144000-refresh-token-families.ts';
import * as customAttributeSearch from './2026-12-06T145000-custom-attribute-search.ts';
import * as poolSigningKid from './2026-12-06T163217-pool-signing-kid.ts';

/** Every migration, in order, provided in code so a bundled server finds them. */
export const migrations: Record<string, Migration> = {
  '2026-11-23T000000-initial': initial,
  '2026-11-23T120000-directory': directory,
  '2026-11-23T130000-sign-in-failures': signInFailures,
  '2026-12-06T100000-mfa': mfa,
  '2026-12-06T110000-devices': devices,
  '2026-12-06T120000-domains': domains,
  '2026-12-06T121000-oauth': oauth,
  '2026-12-06T122000-identity-providers': identityProviders,
  '2026-12-06T130000-identity-pools': identityPools,
  '2026-12-06T131000-credentials': credentials,
  '2026-12-06T132000-iam-roles': iamRoles,
  '2026-12-06T140000-admin-sessions': adminSessions,
  '2026-12-06T141000-rate-limits': rateLimits,
  '2026-12-06T142000-retention': retention,
  '2026-12-06T143000-secrets-at-rest': secretsAtRest,
  '2026-12-06T144000-audit-events': auditEvents,
  '2026-12-06T144000-refresh-token-families': refreshTokenFamilies,
  '2026-12-06T145000-custom-attribute-search': customAttributeSearch,
  '2026-12-06T163217-pool-signing-kid': poolSigningKid,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
