import type {
  StopUserImportJobRequest,
  StopUserImportJobResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { stopImportJob } from '../../../services/import-export/index.ts';
import { str, USER_POOL_ID } from '../../../services/validation/index.ts';
import { JOB_ID, userImportJobType } from '../import-shapes.ts';
import { defineOperation } from '../operation.ts';

export default defineOperation<StopUserImportJobRequest, StopUserImportJobResponse>({
  name: 'StopUserImportJob',
  auth: 'sigv4',
  // Stopping waits for the worker (in this or another process) to see it, so each step is its
  // own statement rather than one transaction the worker could not see into.
  transaction: false,
  async handler(ctx, input) {
    const userPoolId = str(input, 'UserPoolId', USER_POOL_ID);
    const job = await stopImportJob(ctx, userPoolId, str(input, 'JobId', JOB_ID));
    return { UserImportJob: userImportJobType(job) };
  },
});
