// Users: finding one by username or alias, attributes and their permissions, admin user state
// (create, delete, enable, disable, reset), ListUsers and its filter, groups, linked provider
// identities and the sign-in history (auth events).
//
// The protocol adapters import from this index; services import each other's files directly,
// so an index never takes part in an import loop.
export * from './admin-user-state.ts';
export * from './admin-users.ts';
export * from './attributes.ts';
export * from './auth-events.ts';
export * from './groups.ts';
export * from './list-users.ts';
export * from './lookup.ts';
export * from './provider-links.ts';
export * from './user-attributes.ts';
export * from './user-filter.ts';
