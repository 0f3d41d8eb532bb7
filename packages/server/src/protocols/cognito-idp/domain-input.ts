import type { DomainInput } from '../../services/domains/index.ts';
import {
  ARN,
  type JsonObject,
  optInt,
  readObject,
  readString,
  str,
  USER_POOL_ID,
} from '../../services/validation/index.ts';

/**
 * The Domain member. Cognito's model pattern is a prefix's, but custom domains (host names with
 * dots) are accepted too: the service checks each kind by its own rules.
 */
export function domainMember(input: JsonObject): string {
  return str(input, 'Domain', { max: 253 });
}

/** The members CreateUserPoolDomain and UpdateUserPoolDomain share. */
export function domainInput(input: JsonObject): DomainInput {
  const config = readObject(input, 'CustomDomainConfig', '');
  return {
    domain: domainMember(input),
    userPoolId: str(input, 'UserPoolId', USER_POOL_ID),
    managedLoginVersion: optInt(input, 'ManagedLoginVersion'),
    certificateArn:
      config &&
      readString(config, 'CertificateArn', 'customDomainConfig', { ...ARN, required: true }),
  };
}
