import type {
  DescribeUserImportJobRequest,
  DescribeUserImportJobResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { describeImportJob } from '../../../services/import-export/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { JOB_ID, userImportJobType } from '../import-shapes.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<DescribeUserImportJobRequest, DescribeUserImportJobResponse>({
  name: 'DescribeUserImportJob',
  auth: 'sigv4',
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const job = await describeImportJob(ctx, userPoolId, str(input, 'JobId', JOB_ID));
    return { UserImportJob: userImportJobType(job) };
  },
});
