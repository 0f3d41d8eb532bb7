import type {
  CreateUserImportJobRequest,
  CreateUserImportJobResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { createImportJob } from '../../../services/import-export/index.ts';
import { ARN, str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { JOB_NAME, userImportJobType } from '../import-shapes.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<CreateUserImportJobRequest, CreateUserImportJobResponse>({
  name: 'CreateUserImportJob',
  auth: 'sigv4',
  async handler(ctx, input) {
    const job = await createImportJob(ctx, {
      jobName: str(input, 'JobName', JOB_NAME),
      userPoolId: str(input, 'UserPoolId', USER_POOL_ID),
      // Kept and shown as given; Cognate logs the job to its own log, not to CloudWatch.
      roleArn: str(input, 'CloudWatchLogsRoleArn', ARN),
    });
    return { UserImportJob: userImportJobType(job) };
  },
});
