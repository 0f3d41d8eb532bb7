// Resource servers and their custom scopes (`<identifier>/<scope>`), which app clients may be
// allowed and access tokens carry.
export * from './resource-servers.ts';
export * from './scopes.ts';
