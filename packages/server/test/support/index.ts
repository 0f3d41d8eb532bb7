// Test support for every workspace's tests: one place for starting a test server, making users
// and expecting Cognito errors.
//
// The server package exports this module as `@cognate/server/testing` (package.json "exports"),
// for the tests of @cognate/auth and @cognate/cli; the server's own tests import it by path
// ('../support/index.ts'). It is TypeScript source, since every test runs under tsx, and it is for
// this repository's tests only: not built, and not in the package's "files", so not published.
//
//   server.ts   startTestServer: a server on a free port with a database of its own (the store
//               under test), SDK clients, the dev outbox and a clock (advanceClock); startSmtp;
//               testStore, pgAvailable and test databases for the store tests
//   users.ts    PASSWORD, unique, pools and clients (createPool, createClient, passwordPool,
//               emailPool); a confirmed user (signUpConfirmed, or createConfirmed by an
//               administrator), a user with a temporary password (createWithTemporaryPassword,
//               verifiedEmail); codeFor, signIn, attrMap
//   errors.ts   rejects: the Cognito error a call must fail with, from the AWS SDK,
//               amazon-cognito-identity-js, Amplify or @cognate/auth
//   tokens.ts   claims (unverified), verifyTokenPair (against the pool's JWKS)
//   wire.ts     raw and SigV4-signed AWS JSON posts, secretHash
//   clients.ts  spyOnCognito (the calls a client library makes), memoryStorage
export * from './clients.ts';
export * from './errors.ts';
export * from './server.ts';
export * from './tokens.ts';
export * from './users.ts';
export * from './wire.ts';
