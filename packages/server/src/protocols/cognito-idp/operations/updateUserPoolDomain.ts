import type {
  UpdateUserPoolDomainRequest,
  UpdateUserPoolDomainResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { updateDomain } from '../../../services/domains/index.ts';
import { compact } from '../../../services/validation/index.ts';
import { domainInput } from '../domain-input.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<UpdateUserPoolDomainRequest, UpdateUserPoolDomainResponse>({
  name: 'UpdateUserPoolDomain',
  auth: 'sigv4',
  async handler(ctx, input) {
    const updated = await updateDomain(ctx, domainInput(input));
    return compact({
      ManagedLoginVersion: updated.managedLoginVersion,
      CloudFrontDomain: updated.cloudFrontDomain,
    });
  },
});
