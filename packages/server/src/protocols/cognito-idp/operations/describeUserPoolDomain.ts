import type {
  DescribeUserPoolDomainRequest,
  DescribeUserPoolDomainResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { describeDomain } from '../../../services/domains/index.ts';
import { domainMember } from '../domain-input.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<DescribeUserPoolDomainRequest, DescribeUserPoolDomainResponse>({
  name: 'DescribeUserPoolDomain',
  auth: 'sigv4',
  async handler(ctx, input) {
    return { DomainDescription: await describeDomain(ctx, domainMember(input)) };
  },
});
