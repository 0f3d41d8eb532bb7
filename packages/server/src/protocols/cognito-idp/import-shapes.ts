import type { UserImportJobType } from '@aws-sdk/client-cognito-identity-provider';
import type { UserImportJobView } from '../../services/import-export/index.ts';

// Constraints from the Cognito API reference (CreateUserImportJob, DescribeUserImportJob).
export const JOB_ID = { max: 55, pattern: /^import-[0-9a-zA-Z-]+$/ };
export const JOB_NAME = { max: 128, pattern: /^[\w\s+=,.@-]+$/ };
export const CLOUDWATCH_ROLE_ARN = {
  min: 20,
  max: 2048,
  pattern:
    /^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$/,
};

const toDate = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

/** Cognito's UserImportJobType. */
export function userImportJobType(job: UserImportJobView): UserImportJobType {
  return {
    JobName: job.name,
    JobId: job.id,
    UserPoolId: job.userPoolId,
    PreSignedUrl: job.preSignedUrl,
    CreationDate: new Date(job.createdAt),
    StartDate: toDate(job.startedAt),
    CompletionDate: toDate(job.completedAt),
    Status: job.status,
    CloudWatchLogsRoleArn: job.roleArn,
    ImportedUsers: job.importedUsers,
    SkippedUsers: job.skippedUsers,
    FailedUsers: job.failedUsers,
    CompletionMessage: job.completionMessage,
  };
}
