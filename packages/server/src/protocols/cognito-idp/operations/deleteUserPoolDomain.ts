import type {
  DeleteUserPoolDomainRequest,
  DeleteUserPoolDomainResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { deleteDomain } from '../../../services/domains/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { domainMember } from '../domain-input.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<DeleteUserPoolDomainRequest, DeleteUserPoolDomainResponse>({
  name: 'DeleteUserPoolDomain',
  auth: 'sigv4',
  async handler(ctx, input) {
    const domain = domainMember(input);
    await deleteDomain(ctx, str(input, 'UserPoolId', USER_POOL_ID), domain);
    return {};
  },
});
