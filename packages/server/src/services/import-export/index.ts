// Users in bulk: CSV import jobs (Cognito's CreateUserImportJob … StopUserImportJob, streamed and
// run in the background) and moving a whole pool between servers with its password verifiers.
//
// The protocol adapters import from this index; services import each other's files directly,
// so an index never takes part in an import loop.
export * from './import-csv.ts';
export * from './import-file.ts';
export * from './import-jobs.ts';
export * from './import-runner.ts';
export * from './pool-transfer.ts';
export * from './user-batches.ts';
