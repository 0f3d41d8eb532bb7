// Public-key work off the event loop: a pool of worker threads running OpenSSL's modular
// exponentiation (SRP) and RS256 signing, batched per event-loop turn.
//
// The protocol adapters import from this index; services import each other's files directly,
// so an index never takes part in an import loop.
export * from './crypto-pool.ts';
