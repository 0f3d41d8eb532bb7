// Tokens: signing keys and their rotation, issuing and verifying JWTs with Cognito's claims,
// refresh-token grants and revocation, authenticating access-token callers, and the JWKS and
// OpenID discovery documents.
//
// The protocol adapters import from this index; services import each other's files directly,
// so an index never takes part in an import loop.
export * from './authenticate.ts';
export * from './discovery.ts';
export * from './grants.ts';
export * from './jws.ts';
export * from './signing-keys.ts';
export * from './tokens.ts';
