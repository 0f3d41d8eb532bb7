// Validation of request members in Cognito's words: the messages (messages.ts), the readers
// every operation and the pool and client settings parsers use (members.ts), the constraints of
// the string shapes many operations share (shapes.ts), and the email and phone number formats
// (identifiers.ts).
//
// The protocol adapters import from this index; services import each other's files directly,
// so an index never takes part in an import loop.
export * from './identifiers.ts';
export * from './members.ts';
export * from './messages.ts';
export * from './shapes.ts';
