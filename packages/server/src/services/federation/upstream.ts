import { createHash } from 'node:crypto';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { insertUpstreamFlow } from '../../store/repositories/upstream-flows.ts';
import type { Context } from '../context.ts';
import { seal } from '../crypto/secret-box.ts';
import type { PoolDomain } from '../domains/resolve.ts';
import type { AuthorizeRequest } from '../oauth/authorize-request.ts';
import { OAuthRedirectError } from '../oauth/errors.ts';
import { type IdentityProvider, loadIdentityProvider, providerByIdentifier } from './providers.ts';
import { startSamlSignIn } from './saml.ts';
import { signInEndpoints } from './sign-in-endpoints.ts';

/** How long a user may take at the provider before the state expires. */
export const UPSTREAM_FLOW_MS = 15 * 60_000;

/** What /oauth2/idpresponse needs back, stored under the state's hash. */
export interface UpstreamFlowData {
  domain: string;
  clientId: string;
  request: AuthorizeRequest;
  nonce: string;
  /** The PKCE verifier, sealed; absent for providers that get no PKCE. */
  verifier?: string;
  /** The redirect_uri sent to the provider, sent again at its token endpoint. */
  redirectUri: string;
}

/** SHA-256 (hex) of a state or binding: only hashes are stored. */
export function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Where a provider sends its users back: `<domain base>/oauth2/idpresponse`. */
export function idpResponseUrl(domain: PoolDomain): string {
  return `${domain.base}/oauth2/idpresponse`;
}

/** The provider an authorize request names, if it may be used by this client. */
async function chooseProvider(
  ctx: Pick<Context, 'db' | 'serverSecret'>,
  pool: UserPool,
  client: UserPoolClient,
  providerName?: string,
  idpIdentifier?: string,
): Promise<IdentityProvider> {
  const refuse = () =>
    new OAuthRedirectError('invalid_request', 'Login option is not available for this client.');
  let provider: IdentityProvider;
  try {
    provider = providerName
      ? await loadIdentityProvider(ctx, pool, providerName)
      : await providerByIdentifier(ctx, pool, idpIdentifier ?? '');
  } catch {
    throw refuse();
  }
  if (!(client.settings.SupportedIdentityProviders ?? []).includes(provider.providerName)) {
    throw refuse();
  }
  return provider;
}

/**
 * Starts a sign-in at an identity provider: stores the upstream flow (state, nonce, a PKCE
 * verifier where the provider takes one, the app's authorize request) bound to a fresh browser
 * binding, and returns where to send the browser and the binding the route sets as the
 * `upstream` cookie. Only the hashes of state and binding are stored, so a database read can
 * finish no sign-in. Throws OAuthRedirectError when the client may not use the provider.
 */
export async function startUpstreamSignIn(
  ctx: Pick<Context, 'db' | 'clock' | 'random' | 'serverSecret' | 'providerEndpoints'>,
  input: {
    pool: UserPool;
    domain: PoolDomain;
    client: UserPoolClient;
    request: AuthorizeRequest;
    providerName?: string;
    idpIdentifier?: string;
  },
): Promise<{ location: string; binding: string }> {
  const provider = await chooseProvider(
    ctx,
    input.pool,
    input.client,
    input.providerName,
    input.idpIdentifier,
  );
  if (provider.providerType === 'SAML') return startSamlSignIn(ctx, { ...input, provider });
  const endpoints = signInEndpoints(ctx, provider);
  const state = ctx.random(32).toString('base64url');
  const binding = ctx.random(32).toString('base64url');
  const nonce = ctx.random(24).toString('base64url');
  const pkce = provider.providerType === 'OIDC' || provider.providerType === 'Google';
  const verifier = pkce ? ctx.random(32).toString('base64url') : undefined;
  const redirectUri = idpResponseUrl(input.domain);
  const data: UpstreamFlowData = {
    domain: input.domain.domain,
    clientId: input.client.id,
    request: input.request,
    nonce,
    verifier: verifier && seal(ctx, 'upstream flow', digest(state), verifier),
    redirectUri,
  };
  const now = ctx.clock.now();
  await insertUpstreamFlow(ctx.db, {
    stateHash: digest(state),
    userPoolId: input.pool.id,
    providerName: provider.providerName,
    bindingHash: digest(binding),
    data: JSON.stringify(data),
    createdAt: now,
    expiresAt: now + UPSTREAM_FLOW_MS,
  });
  const url = new URL(endpoints.authorizeUrl);
  const params = url.searchParams;
  params.set('response_type', 'code');
  params.set('client_id', provider.details.client_id);
  params.set('redirect_uri', redirectUri);
  params.set('state', state);
  const scopes = provider.details.authorize_scopes?.trim();
  if (scopes) params.set('scope', scopes);
  if (endpoints.idToken) params.set('nonce', nonce);
  if (verifier) {
    params.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
    params.set('code_challenge_method', 'S256');
  }
  // Apple posts the response back (form_post) whenever names or emails are asked for.
  if (provider.providerType === 'SignInWithApple' && scopes)
    params.set('response_mode', 'form_post');
  return { location: url.toString(), binding };
}
