import type { ProviderUser } from '../../services/users/index.ts';
import {
  type JsonObject,
  memberPath,
  readObject,
  readString,
} from '../../services/validation/index.ts';

// ProviderUserIdentifierType constraints from the Cognito API reference.
const PROVIDER_NAME = {
  min: 1,
  max: 32,
  required: true,
  pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\p{Z}]+',
} as const;
const ATTRIBUTE = { max: 131072 };

/**
 * A required ProviderUserIdentifierType member (DestinationUser, SourceUser, User):
 * `{ProviderName, ProviderAttributeName?, ProviderAttributeValue?}`.
 */
export function providerUser(input: JsonObject, field: string): ProviderUser {
  const struct = readObject(input, field, '', true) as JsonObject;
  const at = memberPath('', field);
  return {
    providerName: readString(struct, 'ProviderName', at, PROVIDER_NAME),
    attributeName: readString(struct, 'ProviderAttributeName', at, ATTRIBUTE),
    attributeValue: readString(struct, 'ProviderAttributeValue', at, ATTRIBUTE),
  };
}
