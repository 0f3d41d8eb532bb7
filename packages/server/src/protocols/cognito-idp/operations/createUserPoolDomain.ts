import type {
  CreateUserPoolDomainRequest,
  CreateUserPoolDomainResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { createDomain } from '../../../services/domains/index.ts';
import { compact } from '../../../services/validation/index.ts';
import { domainInput } from '../domain-input.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<CreateUserPoolDomainRequest, CreateUserPoolDomainResponse>({
  name: 'CreateUserPoolDomain',
  auth: 'sigv4',
  async handler(ctx, input) {
    const created = await createDomain(ctx, domainInput(input));
    return compact({
      ManagedLoginVersion: created.managedLoginVersion,
      CloudFrontDomain: created.cloudFrontDomain,
    });
  },
});
