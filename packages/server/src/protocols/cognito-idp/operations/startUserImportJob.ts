import type {
  StartUserImportJobRequest,
  StartUserImportJobResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { runImportJobInBackground, startImportJob } from '../../../services/import-export/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { JOB_ID, userImportJobType } from '../import-shapes.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<StartUserImportJobRequest, StartUserImportJobResponse>({
  name: 'StartUserImportJob',
  auth: 'sigv4',
  // Start is one atomic status change; the job itself runs after the answer, on the database
  // (not on a transaction that ends with this request).
  transaction: false,
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const job = await startImportJob(ctx, userPoolId, str(input, 'JobId', JOB_ID));
    runImportJobInBackground(ctx, job.id);
    return { UserImportJob: userImportJobType(job) };
  },
});
