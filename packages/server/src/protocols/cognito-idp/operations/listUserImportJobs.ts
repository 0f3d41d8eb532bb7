import type {
  ListUserImportJobsRequest,
  ListUserImportJobsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { listImportJobsPage } from '../../../services/import-export/index.ts';
import {
  NEXT_TOKEN,
  optStr,
  readInteger,
  str,
  USER_POOL_ID,
} from '../../../services/validation/index.ts';
import { userImportJobType } from '../import-shapes.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<ListUserImportJobsRequest, ListUserImportJobsResponse>({
  name: 'ListUserImportJobs',
  auth: 'sigv4',
  async handler(ctx, input) {
    const { jobs, paginationToken } = await listImportJobsPage(ctx, {
      userPoolId: str(input, 'UserPoolId', USER_POOL_ID),
      // Required, 1-60 (Cognito API reference).
      maxResults: readInteger(input, 'MaxResults', '', {
        min: 1,
        max: 60,
        joint: true,
        required: true,
      }),
      paginationToken: optStr(input, 'PaginationToken', NEXT_TOKEN),
    });
    return { UserImportJobs: jobs.map(userImportJobType), PaginationToken: paginationToken };
  },
});
