// The audit log of admin operations: recording each call (withAudit) and listing them
// (CognateListAuditEvents, `cognate audit`).
export * from './audit-log.ts';
export * from './list.ts';
