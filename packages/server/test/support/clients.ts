// For the tests of client libraries (amazon-cognito-identity-js, aws-amplify v5 and v6,
// @cognate/auth): a spy on the Cognito calls a library makes through the global fetch, and an
// in-memory storage for their `storage` option (Node has no localStorage).

/** One Cognito Identity Provider call a client library made, and how the server answered. */
export interface CognitoCall {
  /** Operation name, from `X-Amz-Target`. */
  op: string;
  input: Record<string, unknown>;
  /** The server's JSON answer. */
  output: Record<string, unknown>;
  status: number;
  /** `__type` of an error answer. */
  error?: string;
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

/**
 * Wraps the global fetch (which amazon-cognito-identity-js and Amplify use) to record every
 * Cognito call sent to `url`. `restore()` puts the original fetch back.
 */
export function spyOnCognito(url: string) {
  const original = globalThis.fetch;
  const calls: CognitoCall[] = [];
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const target = request.headers.get('x-amz-target') ?? '';
    const response = await original(input, init);
    if (request.url.startsWith(url) && target.startsWith(TARGET_PREFIX)) {
      const body = typeof init?.body === 'string' ? init.body : await request.clone().text();
      const answer = await response.clone().text();
      calls.push({
        op: target.slice(TARGET_PREFIX.length),
        input: body ? JSON.parse(body) : {},
        output: answer ? JSON.parse(answer) : {},
        status: response.status,
        error: response.headers.get('x-amzn-errortype')?.split(':')[0],
      });
    }
    return response;
  };
  return {
    calls,
    /** Operation names since the last `clear()`. */
    ops: () => calls.map((c) => c.op),
    /** The last call of operation `op`. */
    last: (op: string) => calls.filter((c) => c.op === op).at(-1),
    /** The RefreshToken of the last answer that carried one. */
    lastRefreshToken: () => {
      const results = calls.map(
        (c) =>
          (c.output.AuthenticationResult as { RefreshToken?: string } | undefined)?.RefreshToken,
      );
      return results.filter((r) => r !== undefined).at(-1);
    },
    clear: () => {
      calls.length = 0;
    },
    restore: () => {
      globalThis.fetch = original;
    },
  };
}

/** An in-memory storage that exposes its items (Amplify's storage contract). */
export function memoryStorage() {
  const items = new Map<string, string>();
  return {
    setItem: (key: string, value: string) => {
      items.set(key, value);
      return value;
    },
    getItem: (key: string) => items.get(key) ?? null,
    removeItem: (key: string) => items.delete(key),
    clear: () => {
      items.clear();
      return {};
    },
    items,
  };
}
export type TestStorage = ReturnType<typeof memoryStorage>;
