import type { IdentityProviderType } from '@aws-sdk/client-cognito-identity-provider';
import type { Context } from '../../services/context.ts';
import {
  describedDetails,
  type IdentityProvider,
  PROVIDER_TYPES,
  type ProviderInput,
} from '../../services/federation/index.ts';
import {
  checkEnum,
  type JsonObject,
  readStringList,
  readStringMap,
  str,
  validationError,
} from '../../services/validation/index.ts';

// The members of the identity-provider operations, with the constraints of Cognito's model
// (API_CreateIdentityProvider, API_IdentityProviderType).

/** ProviderNameTypeV2 (CreateIdentityProvider). */
export const NEW_PROVIDER_NAME = {
  max: 32,
  pattern: '[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+',
};
/** ProviderNameType (the other operations). */
export const PROVIDER_NAME = { max: 32, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\p{Z}]+' };
/** IdpIdentifierType. */
export const IDP_IDENTIFIER = { min: 1, max: 40, pattern: '[\\w\\s+=.@-]+' };

/** ProviderType, required. */
export function providerType(input: JsonObject) {
  return checkEnum(str(input, 'ProviderType'), 'providerType', PROVIDER_TYPES);
}

/** ProviderDetails, AttributeMapping and IdpIdentifiers, each left undefined when absent. */
export function providerMembers(input: JsonObject): ProviderInput {
  const has = (key: string) => input[key] !== undefined && input[key] !== null;
  const mapping = has('AttributeMapping')
    ? readStringMap(input, 'AttributeMapping', '')
    : undefined;
  for (const key of Object.keys(mapping ?? {})) {
    if (key.length < 1 || key.length > 32) {
      validationError(
        key,
        'attributeMapping',
        'Map keys must satisfy constraint: [Member must have length less than or equal to 32, Member must have length greater than or equal to 1]',
      );
    }
  }
  return {
    details: has('ProviderDetails') ? readStringMap(input, 'ProviderDetails', '') : undefined,
    attributeMapping: mapping,
    idpIdentifiers: readStringList(input, 'IdpIdentifiers', '', {
      ...IDP_IDENTIFIER,
      maxItems: 50,
      keepDuplicates: true,
    }),
  };
}

/** IdentityProviderType as Cognito answers it. */
export function toIdentityProviderType(
  ctx: Pick<Context, 'providerEndpoints'>,
  p: IdentityProvider,
): IdentityProviderType {
  return {
    UserPoolId: p.userPoolId,
    ProviderName: p.providerName,
    ProviderType: p.providerType,
    ProviderDetails: describedDetails(ctx, p),
    AttributeMapping: p.attributeMapping,
    IdpIdentifiers: p.idpIdentifiers,
    LastModifiedDate: new Date(p.updatedAt),
    CreationDate: new Date(p.createdAt),
  };
}
