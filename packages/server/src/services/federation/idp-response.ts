import { timingSafeEqual } from 'node:crypto';
import type { User } from '../../model/user.ts';
import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import {
  findUpstreamFlow,
  takeUpstreamFlow,
  type UpstreamFlowRow,
} from '../../store/repositories/upstream-flows.ts';
import { findClient } from '../../store/repositories/user-pools.ts';
import type { Context } from '../context.ts';
import { open } from '../crypto/secret-box.ts';
import type { PoolDomain } from '../domains/resolve.ts';
import { CognateError } from '../errors.ts';
import type { AuthorizeRequest } from '../oauth/authorize-request.ts';
import { OAuthPageError, OAuthRedirectError } from '../oauth/errors.ts';
import { loadPool } from '../user-pools/lookup.ts';
import { type Claims, signInFederatedUser } from './federated-user.ts';
import { loadIdentityProvider } from './providers.ts';
import { signInEndpoints } from './sign-in-endpoints.ts';
import { digest, type UpstreamFlowData } from './upstream.ts';
import { exchangeCode, fetchAttributes, UpstreamError, verifyIdToken } from './upstream-tokens.ts';

/** A finished upstream sign-in: who signed in, for which app request. */
export interface UpstreamSignIn {
  pool: UserPool;
  client: UserPoolClient;
  request: AuthorizeRequest;
  user: User;
  authTime: number;
  providerName: string;
}

type Deps = Pick<
  Context,
  'db' | 'clock' | 'serverSecret' | 'providerEndpoints' | 'region' | 'functions' | 'publicUrl'
>;

const NO_FLOW = 'The sign-in request is unknown or has expired. Start the sign-in again.';

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * The flow a provider's answer belongs to, taken (single use). The state must name a live flow
 * of this domain that this browser started (its `upstream` cookie): anything else is an error
 * page, with no redirect and nothing written, so a forged or replayed state leads nowhere.
 */
async function takeFlow(
  ctx: Pick<Context, 'db' | 'clock'>,
  domain: PoolDomain,
  state: string | null,
  binding: string | undefined,
): Promise<{ row: UpstreamFlowRow; data: UpstreamFlowData }> {
  if (!state || !binding || state.length > 2048 || binding.length > 256) {
    throw new OAuthPageError(NO_FLOW);
  }
  const stateHash = digest(state);
  const found = await findUpstreamFlow(ctx.db, stateHash);
  if (
    !found ||
    !sameHash(found.bindingHash, digest(binding)) ||
    found.userPoolId !== domain.userPoolId ||
    found.expiresAt <= ctx.clock.now()
  ) {
    throw new OAuthPageError(NO_FLOW);
  }
  const data = JSON.parse(found.data) as UpstreamFlowData;
  if (data.domain !== domain.domain) throw new OAuthPageError(NO_FLOW);
  const row = await takeUpstreamFlow(ctx.db, stateHash);
  if (!row) throw new OAuthPageError(NO_FLOW);
  return { row, data };
}

/** An error sent back to the app's validated redirect URI, as Cognito does. */
function toApp(
  request: AuthorizeRequest,
  error: 'access_denied' | 'invalid_request',
  text: string,
) {
  const err = new OAuthRedirectError(error, text);
  err.target = {
    redirectUri: request.redirectUri,
    ...(request.state !== undefined && { state: request.state }),
    responseType: request.responseType,
  };
  return err;
}

/**
 * `/oauth2/idpresponse`: finishes a sign-in at an OIDC or social provider. Checks the state
 * against the browser's binding, exchanges the code (with the PKCE verifier), verifies the ID
 * token (JWKS, issuer, audience, nonce, expiry), reads the attributes, and signs the user in
 * (signInFederatedUser). The provider's own refusal (`error=access_denied`) and any failure
 * after the state checked out go back to the app's redirect URI as OAuthRedirectError.
 */
export async function finishUpstreamSignIn(
  ctx: Deps,
  input: { domain: PoolDomain; params: URLSearchParams; binding?: string },
): Promise<UpstreamSignIn> {
  const { params } = input;
  const { row, data } = await takeFlow(ctx, input.domain, params.get('state'), input.binding);
  const request = data.request;
  const upstreamError = params.get('error');
  if (upstreamError) {
    const description = params.get('error_description') ?? upstreamError;
    const code = upstreamError === 'access_denied' ? 'access_denied' : 'invalid_request';
    throw toApp(request, code, description.slice(0, 512));
  }
  const code = params.get('code');
  if (!code) throw toApp(request, 'invalid_request', 'The identity provider sent no code.');
  const pool = await loadPool(ctx, row.userPoolId);
  const client = await findClient(ctx.db, data.clientId);
  if (!client || client.userPoolId !== pool.id) throw new OAuthPageError(NO_FLOW);
  try {
    const provider = await loadIdentityProvider(ctx, pool, row.providerName);
    const endpoints = signInEndpoints(ctx, provider);
    const verifier = data.verifier && open(ctx, 'upstream flow', row.stateHash, data.verifier);
    const tokens = await exchangeCode(ctx, provider, endpoints, {
      code,
      redirectUri: data.redirectUri,
      verifier,
    });
    let claims: Claims = {};
    if (endpoints.idToken) {
      if (!tokens.idToken) throw new UpstreamError('The identity provider sent no ID token.');
      claims = { ...(await verifyIdToken(ctx, provider, endpoints, tokens.idToken, data.nonce)) };
    }
    if (tokens.accessToken && endpoints.attributesUrl) {
      const attributes = await fetchAttributes(provider, endpoints, tokens.accessToken);
      if (endpoints.idToken && attributes.sub !== undefined && attributes.sub !== claims.sub) {
        throw new UpstreamError('The identity provider named another user in its attributes.');
      }
      claims = { ...attributes, ...claims };
    }
    claims = { ...claims, ...appleUser(provider.providerType, params.get('user')) };
    const subject = claims[endpoints.subjectClaim];
    if ((typeof subject !== 'string' && typeof subject !== 'number') || subject === '') {
      throw new UpstreamError('The identity provider did not name the user.');
    }
    const user = await signInFederatedUser(ctx, {
      pool,
      clientId: client.id,
      provider,
      subject: String(subject),
      claims,
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
    if (err instanceof UpstreamError || err instanceof CognateError) {
      throw toApp(request, 'invalid_request', err.message);
    }
    throw err;
  }
}

/** Apple posts the user's name (first sign-in only) as JSON in the form field `user`. */
function appleUser(type: string, value: string | null): Claims {
  if (type !== 'SignInWithApple' || !value) return {};
  try {
    const user = JSON.parse(value) as { name?: { firstName?: string; lastName?: string } };
    const first = user.name?.firstName;
    const last = user.name?.lastName;
    return {
      ...(first && { firstName: first }),
      ...(last && { lastName: last }),
      ...((first || last) && { name: [first, last].filter(Boolean).join(' ') }),
    };
  } catch {
    return {};
  }
}
