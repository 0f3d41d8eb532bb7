// Lambda triggers as local modules: loading a function by ARN, Cognito's event shapes and its
// errors for failing or slow functions, and the UserMigration trigger.
//
// The protocol adapters import from this index; services import each other's files directly,
// so an index never takes part in an import loop.
export * from './functions.ts';
export * from './invoke.ts';
export * from './user-migration.ts';
