import type {
  ListUserImportJobsRequest,
  ListUserImportJobsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../services/errors.ts';
import { listImportJobsPage } from '../../../services/import-export/index.ts';
import { userImportJobType } from '../import-shapes.ts';
import { defineOperation } from '../operation.ts';
import { optStr, str, USER_POOL_ID } from '../wire.ts';

/** MaxResults is required, 1-60 (Cognito API reference). */
function maxResults(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 60) {
    const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
    const constraint =
      value === undefined || value === null
        ? 'Member must not be null'
        : 'Member must have value less than or equal to 60 and greater than or equal to 1';
    throw new InvalidParameterException(
      `1 validation error detected: Value ${shown} at 'maxResults' failed to satisfy constraint: ${constraint}`,
    );
  }
  return value;
}

export default defineOperation<ListUserImportJobsRequest, ListUserImportJobsResponse>({
  name: 'ListUserImportJobs',
  auth: 'sigv4',
  async handler(ctx, input) {
    const { jobs, paginationToken } = await listImportJobsPage(ctx, {
      userPoolId: str(input, 'UserPoolId', USER_POOL_ID),
      maxResults: maxResults(input.MaxResults),
      paginationToken: optStr(input, 'PaginationToken', { pattern: /^[\S]+$/ }),
    });
    return { UserImportJobs: jobs.map(userImportJobType), PaginationToken: paginationToken };
  },
});
