import { InvalidParameterException } from '../errors.ts';
import { isProviderUrl } from './provider-details.ts';

/** How long a provider may take to answer one request (discovery, token, attributes, keys). */
export const UPSTREAM_TIMEOUT_MS = 10_000;

/** What an OpenID provider's discovery document says that a relying party uses. */
interface DiscoveryDocument {
  issuer?: unknown;
  authorization_endpoint?: unknown;
  token_endpoint?: unknown;
  userinfo_endpoint?: unknown;
  jwks_uri?: unknown;
}

/**
 * Fills an OIDC provider's missing endpoints from `<oidc_issuer>/.well-known/openid-configuration`,
 * as Cognito does at CreateIdentityProvider; endpoints the caller gave are kept. Fails with
 * InvalidParameterException when an endpoint is still missing (discovery unreachable, or a
 * document naming another issuer).
 */
export async function discoverOidcEndpoints(
  details: Record<string, string>,
): Promise<Record<string, string>> {
  const wanted = ['authorize_url', 'token_url', 'attributes_url', 'jwks_uri'];
  if (wanted.every((key) => details[key])) return details;
  const issuer = details.oidc_issuer.replace(/\/+$/, '');
  let doc: DiscoveryDocument | undefined;
  try {
    const res = await fetch(`${issuer}/.well-known/openid-configuration`, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
    if (res.ok) doc = (await res.json()) as DiscoveryDocument;
  } catch {
    doc = undefined;
  }
  const out = { ...details };
  if (doc && typeof doc.issuer === 'string' && doc.issuer.replace(/\/+$/, '') === issuer) {
    const found: Record<string, unknown> = {
      authorize_url: doc.authorization_endpoint,
      token_url: doc.token_endpoint,
      attributes_url: doc.userinfo_endpoint,
      jwks_uri: doc.jwks_uri,
    };
    for (const key of wanted) {
      const value = found[key];
      if (!out[key] && typeof value === 'string' && isProviderUrl(value)) out[key] = value;
    }
  }
  const missing = wanted.filter((key) => !out[key]);
  if (missing.length > 0) {
    throw new InvalidParameterException(
      `Unable to discover ${missing.join(', ')} from the oidc_issuer ${details.oidc_issuer}; give them in ProviderDetails.`,
    );
  }
  return out;
}
