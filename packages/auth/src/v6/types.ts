/** v6's code delivery details. */
export interface AuthCodeDeliveryDetails {
  destination?: string;
  deliveryMedium?: 'EMAIL' | 'SMS' | 'PHONE' | 'UNKNOWN';
  attributeName?: string;
}

/** Maps Cognito's CodeDeliveryDetails to v6's shape. */
export function toDelivery(d?: {
  Destination?: string;
  DeliveryMedium?: string;
  AttributeName?: string;
}): AuthCodeDeliveryDetails {
  return {
    destination: d?.Destination,
    deliveryMedium: d?.DeliveryMedium as AuthCodeDeliveryDetails['deliveryMedium'],
    attributeName: d?.AttributeName,
  };
}

/** A v6 AuthError: `name` is Cognito's exception (or v6's own), as in aws-amplify v6. */
export class AuthV6Error extends Error {
  readonly underlyingError?: unknown;
  readonly recoverySuggestion?: string;
  constructor(
    name: string,
    message: string,
    recoverySuggestion?: string,
    underlyingError?: unknown,
  ) {
    super(message);
    this.name = name;
    this.recoverySuggestion = recoverySuggestion;
    this.underlyingError = underlyingError;
  }
}

/** v6 reports errors as AuthError with the service's name; v5's string rejections become errors. */
export function toV6Error(err: unknown): unknown {
  if (typeof err === 'string') {
    return new AuthV6Error(
      'UserUnAuthenticatedException',
      'User needs to be authenticated to call this API.',
      'Sign in before calling this API again.',
    );
  }
  return err;
}

/** Runs `fn`, turning v5-style rejections into v6 errors. */
export async function v6<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toV6Error(err);
  }
}
