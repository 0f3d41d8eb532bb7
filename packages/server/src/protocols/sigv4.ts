// SigV4 verification lives in services/crypto/sigv4.ts (services check identity-pool
// credentials with it); the protocol adapters keep importing it from here.
export * from '../services/crypto/sigv4.ts';
