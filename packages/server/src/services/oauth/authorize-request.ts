import type { UserPool, UserPoolClient } from '../../model/user-pool.ts';
import { findClient } from '../../store/repositories/user-pools.ts';
import type { Context } from '../context.ts';
import { liveAllowedScopes } from '../resource-servers/scopes.ts';
import { OAuthPageError, OAuthRedirectError } from './errors.ts';
import { disallowedScope, parseScopes } from './scopes.ts';

// /oauth2/authorize's parameters, checked against the app client as Cognito checks them.
// https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html

/** A checked authorization request; the hosted pages carry it from page to page. */
export interface AuthorizeRequest {
  clientId: string;
  /** A registered callback URL of the client, exactly as registered. */
  redirectUri: string;
  responseType: 'code' | 'token';
  /** The granted scopes: those requested, or all the client's when none were. */
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  /** A provider name (`COGNITO`, `Google`, a custom provider's name). */
  identityProvider?: string;
  /** A provider identifier (IdpIdentifiers) or email domain, for federation to resolve. */
  idpIdentifier?: string;
  /** OIDC `prompt`: `login` forces a new sign-in, `none` refuses to show a page. */
  prompt?: string;
  lang?: string;
}

/** Longest value accepted per parameter; longer ones are refused as invalid_request. */
const MAX_LENGTH: Record<string, number> = {
  client_id: 128,
  redirect_uri: 1024,
  response_type: 16,
  scope: 4096,
  state: 2048,
  nonce: 2048,
  code_challenge: 128,
  code_challenge_method: 8,
  identity_provider: 128,
  idp_identifier: 128,
  prompt: 64,
  lang: 16,
};

const PROMPTS = new Set(['none', 'login', 'consent', 'select_account']);
/** RFC 7636 §4.2: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~]. */
const CODE_CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;
const LANG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * True when `uri` may receive codes or tokens: absolute, no fragment, and https unless it is a
 * loopback address (http://localhost for development) or an app's own scheme (`myapp://`).
 */
export function isSafeRedirectUri(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.hash || uri.includes('#')) return false;
  if (url.protocol === 'http:') return LOOPBACK.has(url.hostname);
  return !['javascript:', 'data:', 'file:', 'vbscript:', 'blob:'].includes(url.protocol);
}

/** One parameter: given at most once and not too long, else undefined with the reason. */
function single(params: URLSearchParams, name: string): { value?: string; problem?: string } {
  const all = params.getAll(name);
  if (all.length > 1) return { problem: `${name} is given more than once` };
  const value = all[0];
  if (value === undefined || value === '') return {};
  if (value.length > (MAX_LENGTH[name] ?? 2048)) return { problem: `${name} is too long` };
  return { value };
}

/** The client and redirect URI, or an error page: nothing may be sent anywhere before this. */
async function clientAndRedirect(
  ctx: Pick<Context, 'db'>,
  pool: UserPool,
  params: URLSearchParams,
): Promise<{ client: UserPoolClient; redirectUri: string }> {
  const clientId = single(params, 'client_id');
  if (clientId.problem) throw new OAuthPageError(`Invalid request: ${clientId.problem}.`);
  if (!clientId.value) throw new OAuthPageError('Required parameter client_id is missing.');
  const client = await findClient(ctx.db, clientId.value);
  if (!client || client.userPoolId !== pool.id) {
    throw new OAuthPageError('The app client does not exist in this user pool.');
  }
  if (!client.settings.AllowedOAuthFlowsUserPoolClient) {
    throw new OAuthPageError('The app client is not enabled for OAuth 2.0 flows.');
  }
  const given = single(params, 'redirect_uri');
  if (given.problem) throw new OAuthPageError(`Invalid request: ${given.problem}.`);
  // Cognito's DefaultRedirectURI stands in for a redirect_uri left out.
  const redirectUri = given.value ?? client.settings.DefaultRedirectURI;
  if (!redirectUri) throw new OAuthPageError('Required parameter redirect_uri is missing.');
  // Exact string match against CallbackURLs: no prefix, case or trailing-slash leniency.
  if (!(client.settings.CallbackURLs ?? []).includes(redirectUri)) {
    throw new OAuthPageError('The redirect_uri is not registered for this app client.');
  }
  if (!isSafeRedirectUri(redirectUri)) {
    throw new OAuthPageError('The redirect_uri must use https (http only for localhost).');
  }
  return { client, redirectUri };
}

/**
 * Checks an authorization request (the query of /oauth2/authorize, or the parameters the hosted
 * pages carry) against the pool's app client. Throws OAuthPageError when no redirect may happen
 * (unknown client, client without OAuth, unregistered redirect URI), OAuthRedirectError for
 * anything else wrong (sent back to the validated redirect URI).
 */
export async function parseAuthorizeRequest(
  ctx: Pick<Context, 'db'>,
  pool: UserPool,
  params: URLSearchParams,
): Promise<{ client: UserPoolClient; request: AuthorizeRequest }> {
  const { client, redirectUri } = await clientAndRedirect(ctx, pool, params);
  const allowed = await liveAllowedScopes(ctx, pool.id, client.settings.AllowedOAuthScopes);
  try {
    return { client, request: checkRequest(client, redirectUri, params, allowed) };
  } catch (err) {
    if (err instanceof OAuthRedirectError) {
      const state = params.getAll('state');
      err.target = {
        redirectUri,
        // A state sent back must be the one given: none when it was repeated or too long.
        ...(state.length === 1 && state[0].length <= MAX_LENGTH.state && { state: state[0] }),
        responseType: params.get('response_type') === 'token' ? 'token' : 'code',
      };
    }
    throw err;
  }
}

/** The rest of the request, once the client and its redirect URI are known good. */
function checkRequest(
  client: UserPoolClient,
  redirectUri: string,
  params: URLSearchParams,
  /** The client's AllowedOAuthScopes that still exist. */
  allowed: string[],
): AuthorizeRequest {
  const read: Record<string, string | undefined> = {};
  for (const name of Object.keys(MAX_LENGTH)) {
    const { value, problem } = single(params, name);
    if (problem) throw new OAuthRedirectError('invalid_request', problem);
    read[name] = value;
  }
  const settings = client.settings;
  const responseType = read.response_type;
  if (!responseType) throw new OAuthRedirectError('invalid_request', 'response_type is missing');
  if (responseType !== 'code' && responseType !== 'token') {
    throw new OAuthRedirectError('unsupported_response_type');
  }
  const flow = responseType === 'code' ? 'code' : 'implicit';
  if (!settings.AllowedOAuthFlows?.includes(flow)) {
    throw new OAuthRedirectError('unauthorized_client');
  }
  const providers = settings.SupportedIdentityProviders ?? [];
  if (providers.length === 0) {
    throw new OAuthRedirectError('unauthorized_client', 'the client supports no identity provider');
  }
  const requested = parseScopes(read.scope);
  const scopes = requested.length > 0 ? requested : allowed;
  if (scopes.length === 0 || disallowedScope(scopes, allowed) !== undefined) {
    throw new OAuthRedirectError('invalid_scope');
  }
  let codeChallengeMethod: AuthorizeRequest['codeChallengeMethod'];
  if (read.code_challenge) {
    const method = read.code_challenge_method ?? 'plain';
    if (method !== 'S256' && method !== 'plain') {
      throw new OAuthRedirectError('invalid_request', 'unsupported code_challenge_method');
    }
    if (!CODE_CHALLENGE.test(read.code_challenge)) {
      throw new OAuthRedirectError('invalid_request', 'invalid code_challenge');
    }
    codeChallengeMethod = method;
  } else if (read.code_challenge_method) {
    throw new OAuthRedirectError('invalid_request', 'code_challenge is missing');
  }
  if (read.identity_provider && !providers.includes(read.identity_provider)) {
    throw new OAuthRedirectError(
      'invalid_request',
      'identity_provider is not supported by the client',
    );
  }
  if (read.prompt) {
    const prompts = read.prompt.split(' ').filter(Boolean);
    if (prompts.some((p) => !PROMPTS.has(p)) || (prompts.includes('none') && prompts.length > 1)) {
      throw new OAuthRedirectError('invalid_request', 'invalid prompt');
    }
  }
  if (read.lang && !LANG.test(read.lang)) {
    throw new OAuthRedirectError('invalid_request', 'invalid lang');
  }
  const request: AuthorizeRequest = {
    clientId: client.id,
    redirectUri,
    responseType,
    scopes,
    ...(read.state !== undefined && { state: read.state }),
    ...(read.nonce !== undefined && { nonce: read.nonce }),
    ...(read.code_challenge !== undefined && {
      codeChallenge: read.code_challenge,
      codeChallengeMethod,
    }),
    ...(read.identity_provider !== undefined && { identityProvider: read.identity_provider }),
    ...(read.idp_identifier !== undefined && { idpIdentifier: read.idp_identifier }),
    ...(read.prompt !== undefined && { prompt: read.prompt }),
    ...(read.lang !== undefined && { lang: read.lang }),
  };
  return request;
}

/** True when the request's `prompt` asks for a given value (`login`, `none`, …). */
export function hasPrompt(request: AuthorizeRequest, value: string): boolean {
  return (request.prompt ?? '').split(' ').includes(value);
}

/**
 * The request as query parameters, as Cognito's /login carries them, so each hosted page can
 * pass it on (hidden fields or query) and parse it again with parseAuthorizeRequest.
 */
export function authorizeParams(request: AuthorizeRequest): URLSearchParams {
  const params = new URLSearchParams({
    client_id: request.clientId,
    response_type: request.responseType,
    scope: request.scopes.join(' '),
    redirect_uri: request.redirectUri,
  });
  const optional: [string, string | undefined][] = [
    ['state', request.state],
    ['nonce', request.nonce],
    ['code_challenge', request.codeChallenge],
    ['code_challenge_method', request.codeChallenge ? request.codeChallengeMethod : undefined],
    ['identity_provider', request.identityProvider],
    ['idp_identifier', request.idpIdentifier],
    ['prompt', request.prompt],
    ['lang', request.lang],
  ];
  for (const [name, value] of optional) if (value !== undefined) params.set(name, value);
  return params;
}

/**
 * The redirect URI with parameters added: in the query for codes and errors of the code flow,
 * in the fragment for the implicit flow (response_type=token).
 */
export function redirectWith(
  redirectUri: string,
  responseType: 'code' | 'token',
  params: URLSearchParams,
): string {
  const text = params.toString();
  if (responseType === 'token') return `${redirectUri}#${text}`;
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${text}`;
}

/**
 * Where an OAuthRedirectError goes: the validated redirect URI (the error's `target`, or the
 * given request's) with error, error_description and state.
 */
export function errorRedirect(
  error: OAuthRedirectError,
  request?: Pick<AuthorizeRequest, 'redirectUri' | 'state' | 'responseType'>,
): string {
  const target = request ?? error.target;
  if (!target) throw new Error('an OAuth error without a validated redirect URI');
  const params = new URLSearchParams({ error: error.error });
  if (error.description) params.set('error_description', error.description);
  if (target.state !== undefined) params.set('state', target.state);
  return redirectWith(target.redirectUri, target.responseType, params);
}
