import type { ResourceServerType } from '@aws-sdk/client-cognito-identity-provider';
import type {
  ResourceServerInput,
  ResourceServerRecord,
  ResourceServerScope,
} from '../../services/resource-servers/index.ts';
import {
  isObject,
  type JsonObject,
  readList,
  readString,
  type StringRules,
  str,
  USER_POOL_ID,
  wrongType,
} from '../../services/validation/index.ts';

// Shapes of Cognito's model (cognito-idp 2016-04-18): ResourceServerIdentifierType,
// ResourceServerNameType, ResourceServerScopeNameType, ResourceServerScopeDescriptionType.
export const RESOURCE_SERVER_IDENTIFIER: StringRules = {
  max: 256,
  pattern: '[\\x21\\x23-\\x5B\\x5D-\\x7E]+',
};
const NAME: StringRules = { max: 256, pattern: '[\\w\\s+=,.@-]+' };
const SCOPE_NAME = {
  min: 1,
  max: 256,
  pattern: '[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+',
  required: true,
} as const;
const SCOPE_DESCRIPTION = { min: 1, max: 256, required: true } as const;

function scopesOf(input: JsonObject): ResourceServerScope[] {
  const list = readList(input, 'Scopes', '', { max: 100 }) ?? [];
  return list.map((item, i) => {
    const path = `scopes.${i + 1}.member`;
    if (!isObject(item)) wrongType(path, 'a structure');
    return {
      ScopeName: readString(item, 'ScopeName', path, SCOPE_NAME),
      ScopeDescription: readString(item, 'ScopeDescription', path, SCOPE_DESCRIPTION),
    };
  });
}

/** The members CreateResourceServer and UpdateResourceServer share. */
export function resourceServerInput(input: JsonObject): ResourceServerInput {
  return {
    userPoolId: str(input, 'UserPoolId', USER_POOL_ID),
    identifier: str(input, 'Identifier', RESOURCE_SERVER_IDENTIFIER),
    name: str(input, 'Name', NAME),
    scopes: scopesOf(input),
  };
}

/** ResourceServerType on the wire. */
export function toResourceServerType(r: ResourceServerRecord): ResourceServerType {
  return {
    UserPoolId: r.userPoolId,
    Identifier: r.identifier,
    Name: r.name,
    Scopes: r.scopes.map((s) => ({ ScopeName: s.ScopeName, ScopeDescription: s.ScopeDescription })),
  };
}
