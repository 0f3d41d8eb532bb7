import type { SchemaAttributeType } from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../errors.ts';
import { PROVIDER_PRESETS, type ProviderPreset } from './endpoint-overrides.ts';
import { SUBJECT_CLAIM } from './presets.ts';

// What CreateIdentityProvider and UpdateIdentityProvider accept in ProviderDetails, per type
// (API_CreateIdentityProvider), and the AttributeMapping rules.

/** Cognito's IdentityProviderTypeType. */
export const PROVIDER_TYPES = [
  'SAML',
  'Facebook',
  'Google',
  'LoginWithAmazon',
  'SignInWithApple',
  'OIDC',
] as const;

/** One of Cognito's provider types. */
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** True for the social presets, whose ProviderName must be their type. */
export function isPreset(type: string): type is ProviderPreset {
  return (PROVIDER_PRESETS as readonly string[]).includes(type);
}

/** Keys a caller may set, per type; the rest of what Describe shows Cognito fills in. */
const GIVEN_KEYS: Record<ProviderType, { required: string[]; optional: string[] }> = {
  Google: { required: ['client_id', 'client_secret', 'authorize_scopes'], optional: [] },
  LoginWithAmazon: { required: ['client_id', 'client_secret', 'authorize_scopes'], optional: [] },
  Facebook: {
    required: ['client_id', 'client_secret', 'authorize_scopes'],
    optional: ['api_version'],
  },
  SignInWithApple: {
    required: ['client_id', 'team_id', 'key_id', 'private_key', 'authorize_scopes'],
    optional: [],
  },
  OIDC: {
    required: ['client_id', 'attributes_request_method', 'oidc_issuer', 'authorize_scopes'],
    optional: ['client_secret', 'authorize_url', 'token_url', 'attributes_url', 'jwks_uri'],
  },
  // The SAML service (saml.ts) checks the metadata itself; these are the keys it understands.
  SAML: {
    required: [],
    optional: [
      'MetadataURL',
      'MetadataFile',
      'IDPSignout',
      'IDPInit',
      'RequestSigningAlgorithm',
      'EncryptedResponses',
    ],
  },
};

/** Keys Cognito fills in and Describe shows: accepted back on Update (an edited Describe), then recomputed. */
const DERIVED_KEYS = new Set([
  'attributes_url',
  'attributes_url_add_attributes',
  'authorize_url',
  'token_url',
  'token_request_method',
  'oidc_issuer',
  'jwks_uri',
  'ActiveEncryptionCertificate',
  'SLORedirectBindingURI',
  'SSORedirectBindingURI',
]);

/** Details that are secrets: sealed at rest. */
export const SECRET_KEYS = ['client_secret', 'private_key'] as const;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * True when `value` may be a provider endpoint: https, or http on a loopback address (a provider
 * standing in on this machine, as the callback URLs allow).
 */
export function isProviderUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  } catch {
    return false;
  }
}

function bad(message: string): never {
  throw new InvalidParameterException(message);
}

/**
 * Checks the ProviderDetails a caller gave for `type` and returns the keys kept: the caller's
 * own, without the derived ones Cognito computes (those come back on Describe).
 */
export function checkGivenDetails(
  type: ProviderType,
  details: Record<string, string>,
): Record<string, string> {
  const spec = GIVEN_KEYS[type];
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(details)) {
    const own = spec.required.includes(key) || spec.optional.includes(key);
    if (own) kept[key] = value;
    else if (!DERIVED_KEYS.has(key)) bad(`${key} is not a valid ProviderDetails key for ${type}.`);
  }
  if (type === 'OIDC') {
    // OIDC's endpoints are the caller's to give when discovery cannot find them.
    for (const key of ['authorize_url', 'token_url', 'attributes_url', 'jwks_uri', 'oidc_issuer']) {
      if (details[key] !== undefined) kept[key] = details[key];
    }
  }
  for (const key of spec.required) {
    if (!kept[key]?.trim()) bad(`${key} is required in ProviderDetails for ${type}.`);
  }
  if (type === 'SAML') checkSamlKeys(kept);
  if (type === 'OIDC') checkOidcKeys(kept);
  if (type === 'SignInWithApple') checkAppleScopes(kept.authorize_scopes);
  if (type === 'Facebook' && kept.api_version && !/^v\d+\.\d+$/.test(kept.api_version)) {
    bad('api_version must look like v17.0.');
  }
  return kept;
}

function checkSamlKeys(details: Record<string, string>) {
  const url = details.MetadataURL;
  const file = details.MetadataFile;
  if (Boolean(url) === Boolean(file)) {
    bad('Exactly one of MetadataURL or MetadataFile is required in ProviderDetails for SAML.');
  }
  if (url && !isProviderUrl(url)) bad('MetadataURL must be an https URL.');
  for (const key of ['IDPSignout', 'IDPInit', 'EncryptedResponses']) {
    if (details[key] !== undefined && details[key] !== 'true' && details[key] !== 'false') {
      bad(`${key} must be true or false.`);
    }
  }
  const alg = details.RequestSigningAlgorithm;
  if (alg !== undefined && alg !== 'rsa-sha256') bad('RequestSigningAlgorithm must be rsa-sha256.');
}

function checkOidcKeys(details: Record<string, string>) {
  const method = details.attributes_request_method;
  if (method !== 'GET' && method !== 'POST') bad('attributes_request_method must be GET or POST.');
  for (const key of ['oidc_issuer', 'authorize_url', 'token_url', 'attributes_url', 'jwks_uri']) {
    const value = details[key];
    if (value !== undefined && !isProviderUrl(value)) bad(`${key} must be an https URL.`);
  }
  if (!details.authorize_scopes.split(/\s+/).includes('openid')) {
    bad('authorize_scopes must include openid for an OIDC provider.');
  }
}

function checkAppleScopes(scopes: string) {
  for (const scope of scopes.split(/\s+/).filter(Boolean)) {
    if (scope !== 'email' && scope !== 'name') {
      bad('authorize_scopes of SignInWithApple may only be email and name.');
    }
  }
}

/**
 * Checks an AttributeMapping against the pool's attributes: each key a user pool attribute (or
 * `username`), each value an IdP claim name. Cognito adds `username` → the provider's subject
 * claim for the OIDC and social types.
 */
export function checkAttributeMapping(
  type: ProviderType,
  schema: readonly SchemaAttributeType[],
  mapping: Record<string, string>,
): Record<string, string> {
  const known = new Set(schema.map((a) => a.Name as string));
  const out: Record<string, string> = {};
  for (const [attribute, claim] of Object.entries(mapping)) {
    if (attribute !== 'username' && !known.has(attribute)) {
      bad(`${attribute} is not an attribute of this user pool.`);
    }
    if (attribute === 'sub' || attribute === 'identities') {
      bad(`${attribute} cannot be mapped from an identity provider.`);
    }
    if (!claim) bad(`The mapping of ${attribute} needs an identity provider attribute.`);
    out[attribute] = claim;
  }
  if (type !== 'SAML' && out.username === undefined) out.username = SUBJECT_CLAIM[type];
  return out;
}
