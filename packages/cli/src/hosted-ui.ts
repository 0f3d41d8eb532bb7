// Where a pool's hosted UI is, read from the pool's OpenID Connect discovery document rather
// than built from a path layout: the hosted UI's base is the `authorization_endpoint` minus
// `/oauth2/authorize`, as on Cognito, so this stays right if the server serves domains elsewhere.

/**
 * The hosted UI base of a pool (`https://localhost:9229/domains/myapp-dev`), or undefined when
 * the pool has no domain (its discovery document lists no `authorization_endpoint`) or the server
 * does not answer.
 */
export async function hostedUiBase(
  endpoint: string,
  userPoolId: string,
): Promise<string | undefined> {
  const url = `${endpoint.replace(/\/+$/, '')}/${userPoolId}/.well-known/openid-configuration`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) return undefined;
    const doc = (await res.json()) as { authorization_endpoint?: unknown };
    const authorize = doc.authorization_endpoint;
    if (typeof authorize !== 'string' || !authorize.endsWith('/oauth2/authorize')) return undefined;
    return authorize.slice(0, -'/oauth2/authorize'.length);
  } catch {
    return undefined;
  }
}

/**
 * Amplify's `oauth.domain`: the base without its scheme (aws-amplify builds
 * `https://${domain}/oauth2/…`), such as `localhost:9229/domains/myapp-dev`.
 */
export function oauthDomainOf(base: string): string {
  return base.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
}

/** The prefix domain named by a base served under `/domains/<domain>`, if it is one. */
export function domainNameOf(base: string): string | undefined {
  return /\/domains\/([^/]+)$/.exec(base)?.[1];
}
