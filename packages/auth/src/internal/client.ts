import { serviceError } from './errors.ts';
import { getState } from './state.ts';

/** The Cognito user-pool endpoint: `endpoint`, else AWS's for the region. */
export function userPoolEndpoint(): string {
  const { config } = getState();
  if (config.endpoint) return config.endpoint;
  const region = config.region || config.userPoolId?.split('_')[0] || 'us-east-1';
  return `https://cognito-idp.${region}.amazonaws.com/`;
}

/**
 * POSTs one JSON-1.1 operation and returns the response, or throws the service's error with
 * `code`/`name` from `__type` and its message, as identity-js's Client does (so apps that switch
 * on `err.code` keep working). A fetch that fails outright is `NetworkError`. `url` defaults to
 * the user pool's endpoint; Cognito Identity's callers pass theirs.
 */
export async function request<T = Record<string, unknown>>(
  operation: string,
  body: Record<string, unknown>,
  service:
    | 'AWSCognitoIdentityProviderService'
    | 'AWSCognitoIdentityService' = 'AWSCognitoIdentityProviderService',
  url: string = userPoolEndpoint(),
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      mode: 'cors',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `${service}.${operation}`,
        'Cache-Control': 'no-store',
      },
      body: JSON.stringify(body),
    });
  } catch (cause) {
    const err = serviceError('NetworkError', 'Network error');
    (err as Error & { cause?: unknown }).cause = cause;
    throw err;
  }
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return data as T;
  const type = String(data.__type ?? data.code ?? response.headers.get('x-amzn-errortype') ?? '');
  const code = type.split('#').pop()?.split(':')[0] || 'UnknownError';
  const message = (data.message ?? data.Message ?? String(response.status)) as string;
  throw serviceError(code, message, response.status);
}
