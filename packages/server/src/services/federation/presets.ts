import type { Context } from '../context.ts';
import type { ProviderEndpoints, ProviderPreset } from './endpoint-overrides.ts';

// The social providers' fixed endpoints, as Cognito fills them into ProviderDetails
// (API_CreateIdentityProvider, "Describe response" of each provider type). The setting
// `providerEndpoints` replaces them per preset.

/** Facebook's Graph API version when ProviderDetails names none. */
export const FACEBOOK_DEFAULT_API_VERSION = 'v17.0';

/** How one preset signs users in, besides the endpoints. */
export interface PresetEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
  /** Where the user's attributes are read with the access token (none: the ID token only). */
  attributesUrl?: string;
  /** Keys of the provider's ID tokens (OIDC-style presets). */
  jwksUri?: string;
  /** `iss` of the provider's ID tokens (OIDC-style presets). */
  issuer?: string;
}

/** The ProviderDetails keys Cognito adds for a preset (shown by Describe), endpoints included. */
export function presetDetails(
  ctx: Pick<Context, 'providerEndpoints'>,
  preset: ProviderPreset,
  given: Record<string, string>,
): Record<string, string> {
  const e = presetEndpoints(ctx, preset, given);
  switch (preset) {
    case 'Google':
      return {
        attributes_url:
          ctx.providerEndpoints?.Google?.attributes_url ??
          'https://people.googleapis.com/v1/people/me?personFields=',
        attributes_url_add_attributes: 'true',
        authorize_url: e.authorizeUrl,
        oidc_issuer: e.issuer as string,
        token_request_method: 'POST',
        token_url: e.tokenUrl,
      };
    case 'Facebook':
      return {
        api_version: given.api_version ?? FACEBOOK_DEFAULT_API_VERSION,
        attributes_url: e.attributesUrl as string,
        attributes_url_add_attributes: 'true',
        authorize_url: e.authorizeUrl,
        token_request_method: 'GET',
        token_url: e.tokenUrl,
      };
    case 'LoginWithAmazon':
      return {
        attributes_url: e.attributesUrl as string,
        attributes_url_add_attributes: 'false',
        authorize_url: e.authorizeUrl,
        token_request_method: 'POST',
        token_url: e.tokenUrl,
      };
    case 'SignInWithApple':
      return {
        attributes_url_add_attributes: 'false',
        authorize_url: e.authorizeUrl,
        oidc_issuer: e.issuer as string,
        token_request_method: 'POST',
        token_url: e.tokenUrl,
      };
  }
}

/** The endpoints a preset signs in with: Cognito's fixed ones, or the configured replacements. */
export function presetEndpoints(
  ctx: Pick<Context, 'providerEndpoints'>,
  preset: ProviderPreset,
  given: Record<string, string> = {},
): PresetEndpoints {
  const o: ProviderEndpoints = ctx.providerEndpoints?.[preset] ?? {};
  switch (preset) {
    case 'Google':
      return {
        authorizeUrl: o.authorize_url ?? 'https://accounts.google.com/o/oauth2/v2/auth',
        tokenUrl: o.token_url ?? 'https://www.googleapis.com/oauth2/v4/token',
        // Google's OpenID Connect userinfo: the ID token's claims and the profile's.
        attributesUrl: o.attributes_url ?? 'https://openidconnect.googleapis.com/v1/userinfo',
        jwksUri: o.jwks_uri ?? 'https://www.googleapis.com/oauth2/v3/certs',
        issuer: o.issuer ?? 'https://accounts.google.com',
      };
    case 'Facebook': {
      const v = given.api_version ?? FACEBOOK_DEFAULT_API_VERSION;
      return {
        authorizeUrl: o.authorize_url ?? `https://www.facebook.com/${v}/dialog/oauth`,
        tokenUrl: o.token_url ?? `https://graph.facebook.com/${v}/oauth/access_token`,
        attributesUrl: o.attributes_url ?? `https://graph.facebook.com/${v}/me?fields=`,
      };
    }
    case 'LoginWithAmazon':
      return {
        authorizeUrl: o.authorize_url ?? 'https://www.amazon.com/ap/oa',
        tokenUrl: o.token_url ?? 'https://api.amazon.com/auth/o2/token',
        attributesUrl: o.attributes_url ?? 'https://api.amazon.com/user/profile',
      };
    case 'SignInWithApple':
      return {
        authorizeUrl: o.authorize_url ?? 'https://appleid.apple.com/auth/authorize',
        tokenUrl: o.token_url ?? 'https://appleid.apple.com/auth/token',
        attributesUrl: o.attributes_url,
        jwksUri: o.jwks_uri ?? 'https://appleid.apple.com/auth/keys',
        issuer: o.issuer ?? 'https://appleid.apple.com',
      };
  }
}

/** The claim each preset's users are identified by (Cognito's default `username` mapping). */
export const SUBJECT_CLAIM: Record<ProviderPreset | 'OIDC', string> = {
  Google: 'sub',
  Facebook: 'id',
  LoginWithAmazon: 'user_id',
  SignInWithApple: 'sub',
  OIDC: 'sub',
};
