// User pools and app clients: their settings with Cognito's defaults, the parsers and validation
// of CreateUserPool/UpdateUserPool and client requests, the schema of attributes, message
// templates, client secrets (SECRET_HASH) and loading a pool or client.
//
// The protocol adapters import from this index; services import each other's files directly,
// so an index never takes part in an import loop.
export * from './client-auth.ts';
export * from './client-settings.ts';
export * from './client-settings-parsers.ts';
export * from './lookup.ts';
export * from './message-templates.ts';
export * from './schema-attributes.ts';
export * from './settings.ts';
export * from './settings-parsers.ts';
export * from './user-pools.ts';
