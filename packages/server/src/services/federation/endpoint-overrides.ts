// The server setting that points a social-provider preset at other endpoints (tests, air-gapped
// sites). Types only: the config and the context both name them.

/** The social-provider presets, whose endpoints are Cognito's fixed ones unless overridden. */
export const PROVIDER_PRESETS = [
  'Google',
  'Facebook',
  'LoginWithAmazon',
  'SignInWithApple',
] as const;

/** One of the social-provider presets (a ProviderType and the provider's required name). */
export type ProviderPreset = (typeof PROVIDER_PRESETS)[number];

/** Endpoints of one preset, each replacing the preset's own. */
export interface ProviderEndpoints {
  authorize_url?: string;
  token_url?: string;
  attributes_url?: string;
  jwks_uri?: string;
  /** The `iss` the preset's ID tokens carry (Google, Apple). */
  issuer?: string;
}

/** Replacement endpoints per preset (config `providerEndpoints`). */
export type ProviderEndpointOverrides = Partial<Record<ProviderPreset, ProviderEndpoints>>;
