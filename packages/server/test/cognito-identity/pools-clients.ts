// Cognito Identity clients for a test server: `admin` signs with the server's admin key (service
// cognito-identity), `anon` carries credentials no one holds (GetId and friends need none).
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import type { TestServer } from '../support/index.ts';

/** Identity-API clients aimed at `t`, destroyed with `t.close()` by the caller's after(). */
export function identityClients(t: TestServer) {
  const admin = new CognitoIdentityClient({
    region: 'us-east-1',
    endpoint: t.url,
    credentials: {
      accessKeyId: t.server.accessKey.accessKeyId,
      secretAccessKey: t.server.accessKey.secret,
    },
  });
  const anon = new CognitoIdentityClient({
    region: 'us-east-1',
    endpoint: t.url,
    credentials: { accessKeyId: 'none', secretAccessKey: 'none' },
  });
  return {
    admin,
    anon,
    destroy() {
      admin.destroy();
      anon.destroy();
    },
  };
}
