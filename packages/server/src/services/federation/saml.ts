// Sign-in with a SAML 2.0 identity provider, the service-provider side as Cognito plays it:
// /oauth2/authorize?identity_provider=<SAML provider> sends an AuthnRequest (HTTP-Redirect
// binding) to the IdP's SingleSignOnService with an opaque RelayState; the IdP posts a signed
// Response to <domain base>/saml2/idpresponse; that Response, once valid for this very request
// and this browser, signs the user in as the OIDC and social providers do.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import {
  findUpstreamFlow,
  insertUpstreamFlow,
  takeUpstreamFlow,
} from '../../store/repositories/upstream-flows.ts';
import { findClient } from '../../store/repositories/user-pools.ts';
import type { Context } from '../context.ts';
import type { PoolDomain } from '../domains/resolve.ts';
import { CognateError } from '../errors.ts';
import type { AuthorizeRequest } from '../oauth/authorize-request.ts';
import { OAuthPageError, OAuthRedirectError } from '../oauth/errors.ts';
import { loadPool } from '../user-pools/lookup.ts';
import { signInFederatedUser } from './federated-user.ts';
import { type IdentityProvider, loadIdentityProvider } from './providers.ts';
import { SamlResponseError, validateSamlResponse } from './saml-assertion.ts';
import { readMetadata } from './saml-details.ts';
import { acsUrl, samlFor } from './saml-sp.ts';

/** How long the IdP may take to answer an AuthnRequest (the user signs in there meanwhile). */
export const SAML_FLOW_LIFETIME_MS = 15 * 60 * 1000;

/** Cognito's answer to a SAML response it cannot accept (sent to the app's redirect URI). */
export const INVALID_SAML_RESPONSE = 'Invalid samlResponse or relayState from identity provider';

/** What a SAML sign-in under way keeps in its upstream flow (the `data` column). */
interface SamlFlowData {
  kind: 'saml';
  /** The pool domain the sign-in started on: the Response must come back to its ACS. */
  domain: string;
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
    provider: Pick<IdentityProvider, 'providerName' | 'details'>;
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
    domain: input.domain.domain,
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

/** A finished SAML sign-in (the shape of idp-response.ts's UpstreamSignIn, without the import loop). */
export interface SamlSignInDone {
  pool: UserPool;
  client: UserPoolClient;
  request: AuthorizeRequest;
  user: User;
  authTime: number;
  providerName: string;
}

type FinishDeps = Pick<
  Context,
  'db' | 'clock' | 'log' | 'serverSecret' | 'region' | 'functions' | 'publicUrl'
>;

/** The error a refused Response sends back to the app's validated redirect URI. */
function toApp(request: AuthorizeRequest, text = INVALID_SAML_RESPONSE): OAuthRedirectError {
  const error = new OAuthRedirectError('invalid_request', text);
  error.target = {
    redirectUri: request.redirectUri,
    ...(request.state !== undefined ? { state: request.state } : {}),
    responseType: request.responseType,
  };
  return error;
}

/**
 * The sign-in a posted RelayState belongs to, taken (single use). It must name a live SAML
 * sign-in of this domain that this browser started (its `upstream` cookie); anything else is an
 * error page with nothing written, so a forged RelayState leads nowhere and burns nothing.
 */
async function takeSamlFlow(
  ctx: Pick<Context, 'db' | 'clock' | 'log'>,
  domain: PoolDomain,
  relayState: string,
  binding: string | undefined,
) {
  const noFlow = () => {
    ctx.log.info({ pool: domain.userPoolId }, 'SAML response without a sign-in under way');
    return new OAuthPageError(INVALID_SAML_RESPONSE);
  };
  if (!relayState || relayState.length > 256 || !binding || binding.length > 256) throw noFlow();
  const stateHash = sha256(relayState);
  const found = await findUpstreamFlow(ctx.db, stateHash);
  if (
    !found ||
    !sameHash(found.bindingHash, sha256(binding)) ||
    found.userPoolId !== domain.userPoolId ||
    found.expiresAt <= ctx.clock.now()
  ) {
    throw noFlow();
  }
  const data = JSON.parse(found.data) as Partial<SamlFlowData>;
  if (data.kind !== 'saml' || data.domain !== domain.domain || !data.requestId) throw noFlow();
  const row = await takeUpstreamFlow(ctx.db, stateHash);
  if (!row) throw noFlow();
  return { row, data: data as SamlFlowData };
}

/**
 * `/saml2/idpresponse`: finishes a sign-in at a SAML provider. The RelayState must name a SAML
 * sign-in this browser started on this domain (else OAuthPageError: an error page, nothing
 * written); the Response must then be valid for that sign-in's AuthnRequest — signed by a
 * metadata certificate, from the metadata's entity, for this pool's entity id, addressed to this
 * ACS, unexpired — else OAuthRedirectError to the app's redirect URI with Cognito's
 * `invalid_request` "Invalid samlResponse or relayState from identity provider". The user is
 * `<ProviderName>_<NameID>`, signed in by signInFederatedUser as for OIDC providers.
 */
export async function finishSamlSignIn(
  ctx: FinishDeps,
  input: {
    domain: PoolDomain;
    samlResponse: string | null;
    relayState: string | null;
    binding: string | undefined;
  },
): Promise<SamlSignInDone> {
  const { domain } = input;
  const { row, data } = await takeSamlFlow(ctx, domain, input.relayState ?? '', input.binding);
  const request = data.request;
  const refuse = (detail: string): OAuthRedirectError => {
    ctx.log.info({ pool: domain.userPoolId, provider: row.providerName, detail }, 'SAML refused');
    return toApp(request);
  };
  const pool = await loadPool(ctx, row.userPoolId);
  const client = await findClient(ctx.db, data.clientId);
  if (!client || client.userPoolId !== pool.id) throw new OAuthPageError(INVALID_SAML_RESPONSE);
  try {
    const provider = await loadIdentityProvider(ctx, pool, row.providerName);
    if (provider.providerType !== 'SAML') throw refuse('not a SAML provider');
    const metadata = await readMetadata(provider.details);
    const saml = samlFor({
      userPoolId: pool.id,
      domainBase: domain.base,
      metadata,
      requestId: data.requestId,
      issuedAt: row.createdAt,
      lifetimeMs: SAML_FLOW_LIFETIME_MS,
    });
    const identity = await validateSamlResponse(saml, {
      samlResponse: input.samlResponse ?? '',
      acs: acsUrl(domain.base),
      issuer: metadata.entityId,
      clock: ctx.clock,
    });
    const user = await signInFederatedUser(ctx, {
      pool,
      clientId: client.id,
      provider,
      subject: identity.nameId,
      claims: identity.attributes,
      issuer: metadata.entityId,
    });
    return {
      pool,
      client,
      request,
      user,
      authTime: ctx.clock.now(),
      providerName: provider.providerName,
    };
  } catch (err) {
    if (err instanceof OAuthRedirectError) throw err;
    if (err instanceof SamlResponseError) throw refuse(err.detail);
    // A provider deleted meanwhile, unreadable metadata, a PreSignUp refusal, a disabled user.
    if (err instanceof CognateError) {
      ctx.log.info({ pool: pool.id, provider: row.providerName, code: err.code }, 'SAML refused');
      throw toApp(request, err.message);
    }
    throw err;
  }
}
