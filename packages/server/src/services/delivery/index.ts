// Codes and the messages that carry them: one-time codes (hashed at rest, limited tries), where
// a code goes (CodeDeliveryDetails), email/SMS delivery through SMTP or the dev outbox.
//
// The protocol adapters import from this index; services import each other's files directly,
// so an index never takes part in an import loop.
export * from './code-delivery.ts';
export * from './codes.ts';
export * from './dev-outbox.ts';
export * from './messages.ts';
