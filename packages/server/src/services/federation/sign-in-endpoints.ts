import type { Context } from '../context.ts';
import { presetEndpoints, SUBJECT_CLAIM } from './presets.ts';
import { isPreset } from './provider-details.ts';
import type { IdentityProvider } from './providers.ts';

/** How to sign a user in at one provider: its endpoints and what it answers with. */
export interface SignInEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
  /** Facebook takes the code exchange as a GET. */
  tokenMethod: 'GET' | 'POST';
  /** The user's attributes, read with the access token; absent: the ID token's claims only. */
  attributesUrl?: string;
  attributesMethod: 'GET' | 'POST';
  /** True when the provider answers with an ID token, verified against `jwksUri` and `issuer`. */
  idToken: boolean;
  jwksUri?: string;
  issuer?: string;
  /** The claim naming the user at the provider (`sub`, Facebook's `id`, Amazon's `user_id`). */
  subjectClaim: string;
}

/** The endpoints of an OIDC or social provider, the configured preset replacements applied. */
export function signInEndpoints(
  ctx: Pick<Context, 'providerEndpoints'>,
  provider: IdentityProvider,
): SignInEndpoints {
  const type = provider.providerType;
  if (isPreset(type)) {
    const e = presetEndpoints(ctx, type, provider.details);
    return {
      authorizeUrl: e.authorizeUrl,
      tokenUrl: e.tokenUrl,
      tokenMethod: type === 'Facebook' ? 'GET' : 'POST',
      attributesUrl: e.attributesUrl,
      attributesMethod: 'GET',
      idToken: type === 'Google' || type === 'SignInWithApple',
      jwksUri: e.jwksUri,
      issuer: e.issuer,
      subjectClaim: SUBJECT_CLAIM[type],
    };
  }
  const d = provider.details;
  return {
    authorizeUrl: d.authorize_url,
    tokenUrl: d.token_url,
    tokenMethod: 'POST',
    attributesUrl: d.attributes_url,
    attributesMethod: d.attributes_request_method === 'POST' ? 'POST' : 'GET',
    idToken: true,
    jwksUri: d.jwks_uri,
    issuer: d.oidc_issuer,
    subjectClaim: SUBJECT_CLAIM.OIDC,
  };
}
