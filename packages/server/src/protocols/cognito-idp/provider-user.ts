import { InvalidParameterException } from '../../services/errors.ts';
import type { ProviderUser } from '../../services/users/index.ts';
import { optStr, str } from './wire.ts';

// ProviderUserIdentifierType constraints from the Cognito API reference.
const PROVIDER_NAME = { max: 32, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}\p{Z}]+$/u };
const ATTRIBUTE = { min: 0, max: 131072 };

/**
 * A required ProviderUserIdentifierType member (DestinationUser, SourceUser, User):
 * `{ProviderName, ProviderAttributeName?, ProviderAttributeValue?}`.
 */
export function providerUser(input: Record<string, unknown>, field: string): ProviderUser {
  const value = input[field];
  const member = field.charAt(0).toLowerCase() + field.slice(1);
  if (value === undefined || value === null) {
    throw new InvalidParameterException(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidParameterException(`Invalid type for ${member}: expected a structure.`);
  }
  const struct = value as Record<string, unknown>;
  return {
    providerName: str(struct, 'ProviderName', PROVIDER_NAME),
    attributeName: optStr(struct, 'ProviderAttributeName', ATTRIBUTE),
    attributeValue: optStr(struct, 'ProviderAttributeValue', ATTRIBUTE),
  };
}
