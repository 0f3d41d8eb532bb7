// The identity pools domain: pools and their settings, identities and their logins.
export * from './identities.ts';
export * from './logins.ts';
export * from './pools.ts';
export * from './settings.ts';
