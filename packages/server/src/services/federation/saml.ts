// Sign-in with a SAML 2.0 identity provider, the service-provider side as Cognito plays it:
// /oauth2/authorize?identity_provider=<SAML provider> sends an AuthnRequest (HTTP-Redirect
// binding) to the IdP's SingleSignOnService with an opaque RelayState; the IdP posts a signed
// Response to <domain base>/saml2/idpresponse; that Response, once valid for this very request
// and this browser, signs the user in as the OIDC and social providers do.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import type { StoredIdentityProvider } from '../../store/repositories/identity-providers.ts';
import { findProvider } from '../../store/repositories/identity-providers.ts';
import { insertUpstreamFlow, takeUpstreamFlow } from '../../store/repositories/upstream-flows.ts';
import type { Context } from '../context.ts';
import type { PoolDomain } from '../domains/resolve.ts';
import type { AuthorizeRequest } from '../oauth/authorize-request.ts';
import { OAuthPageError, OAuthRedirectError } from '../oauth/errors.ts';
import { type SamlIdentity, SamlResponseError, validateSamlResponse } from './saml-assertion.ts';
import { readMetadata } from './saml-details.ts';
import { acsUrl, samlFor } from './saml-sp.ts';

/** How long the IdP may take to answer an AuthnRequest (the user signs in there meanwhile). */
export const SAML_FLOW_LIFETIME_MS = 15 * 60 * 1000;

/** Cognito's answer to a SAML response it cannot accept (sent to the app's redirect URI). */
export const INVALID_SAML_RESPONSE = 'Invalid samlResponse or relayState from identity provider';

/** What a SAML sign-in under way keeps in its upstream flow (the `data` column). */
interface SamlFlowData {
  kind: 'saml';
  /** The AuthnRequest's ID: the Response's InResponseTo must be exactly this. */
  requestId: string;
  clientId: string;
  request: AuthorizeRequest;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

type Deps = Pick<Context, 'db' | 'clock' | 'random'>;

/**
 * Starts a sign-in with a SAML provider: stores the flow (keyed by the RelayState's hash, bound
 * to the browser by `binding`, which the caller sets as the `upstream` cookie) and returns the
 * IdP's SSO URL carrying the deflated AuthnRequest and the RelayState.
 */
export async function startSamlSignIn(
  ctx: Deps,
  input: {
    pool: UserPool;
    domain: PoolDomain;
    client: UserPoolClient;
    request: AuthorizeRequest;
    provider: StoredIdentityProvider;
  },
): Promise<{ location: string; binding: string }> {
  const metadata = await readMetadata(input.provider.details);
  const relayState = ctx.random(32).toString('base64url');
  const binding = ctx.random(32).toString('base64url');
  // An xs:ID must not start with a digit.
  const requestId = `_${ctx.random(20).toString('hex')}`;
  const now = ctx.clock.now();
  const data: SamlFlowData = {
    kind: 'saml',
    requestId,
    clientId: input.client.id,
    request: input.request,
  };
  await insertUpstreamFlow(ctx.db, {
    stateHash: sha256(relayState),
    userPoolId: input.pool.id,
    providerName: input.provider.providerName,
    bindingHash: sha256(binding),
    data: JSON.stringify(data),
    createdAt: now,
    expiresAt: now + SAML_FLOW_LIFETIME_MS,
  });
  const saml = samlFor({
    userPoolId: input.pool.id,
    domainBase: input.domain.base,
    metadata,
    requestId,
    issuedAt: now,
    lifetimeMs: SAML_FLOW_LIFETIME_MS,
  });
  const location = await saml.getAuthorizeUrlAsync(relayState, undefined, {});
  return { location, binding };
}

/** A SAML Response accepted for a sign-in under way. */
export interface VerifiedSamlSignIn {
  provider: StoredIdentityProvider;
  clientId: string;
  request: AuthorizeRequest;
  identity: SamlIdentity;
}

/**
 * Checks a Response posted to the ACS: the RelayState must name a sign-in under way on this pool
 * (taken, so it serves once), started in this browser (`binding`, the `upstream` cookie); then
 * the Response must be valid for that sign-in's AuthnRequest. Throws OAuthPageError when there is
 * no such sign-in (nowhere safe to redirect), OAuthRedirectError (to the app's validated redirect
 * URI) when the Response is refused.
 */
export async function verifySamlResponse(
  ctx: Pick<Context, 'db' | 'clock' | 'log'>,
  input: {
    domain: PoolDomain;
    samlResponse: string;
    relayState: string;
    binding: string | undefined;
  },
): Promise<VerifiedSamlSignIn> {
  const { domain } = input;
  if (!input.relayState || input.relayState.length > 256 || !input.samlResponse) {
    throw new OAuthPageError(INVALID_SAML_RESPONSE);
  }
  const flow = await takeUpstreamFlow(ctx.db, sha256(input.relayState));
  const data = flow && (JSON.parse(flow.data) as Partial<SamlFlowData>);
  const bound =
    flow !== undefined &&
    input.binding !== undefined &&
    input.binding.length <= 256 &&
    sameHash(flow.bindingHash, sha256(input.binding));
  if (!flow || !data || data.kind !== 'saml' || !bound || flow.userPoolId !== domain.userPoolId) {
    ctx.log.info({ pool: domain.userPoolId }, 'SAML response without a sign-in under way');
    throw new OAuthPageError(INVALID_SAML_RESPONSE);
  }
  const request = data.request as AuthorizeRequest;
  const refuse = (detail: string): OAuthRedirectError => {
    ctx.log.info({ pool: domain.userPoolId, provider: flow.providerName, detail }, 'SAML refused');
    const error = new OAuthRedirectError('invalid_request', INVALID_SAML_RESPONSE);
    error.target = {
      redirectUri: request.redirectUri,
      ...(request.state !== undefined ? { state: request.state } : {}),
      responseType: request.responseType,
    };
    return error;
  };
  if (flow.expiresAt <= ctx.clock.now()) throw refuse('sign-in expired');
  const provider = await findProvider(ctx.db, flow.userPoolId, flow.providerName);
  if (!provider || provider.providerType !== 'SAML') throw refuse('provider gone');
  try {
    const metadata = await readMetadata(provider.details);
    const saml = samlFor({
      userPoolId: flow.userPoolId,
      domainBase: domain.base,
      metadata,
      requestId: data.requestId as string,
      issuedAt: flow.createdAt,
      lifetimeMs: SAML_FLOW_LIFETIME_MS,
    });
    const identity = await validateSamlResponse(saml, {
      samlResponse: input.samlResponse,
      acs: acsUrl(domain.base),
      clock: ctx.clock,
    });
    return { provider, clientId: data.clientId as string, request, identity };
  } catch (err) {
    if (err instanceof SamlResponseError) throw refuse(err.detail);
    if (err instanceof Error && err.name === 'InvalidParameterException') {
      throw refuse(`metadata: ${err.message}`);
    }
    throw err;
  }
}
