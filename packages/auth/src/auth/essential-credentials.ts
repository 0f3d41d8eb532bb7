import type { ICredentials } from '../internal/state.ts';

/** The five fields apps pass to AWS SDKs (Amplify v5 `Auth.essentialCredentials`). */
export function essentialCredentials(credentials: ICredentials): Omit<ICredentials, 'expiration'> {
  return {
    accessKeyId: credentials.accessKeyId,
    sessionToken: credentials.sessionToken,
    secretAccessKey: credentials.secretAccessKey,
    identityId: credentials.identityId,
    authenticated: credentials.authenticated,
  };
}
