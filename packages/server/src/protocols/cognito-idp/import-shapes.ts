import type { UserImportJobType } from '@aws-sdk/client-cognito-identity-provider';
import type { UserImportJobView } from '../../services/import-export/index.ts';
import type { StringRules } from '../../services/validation/index.ts';

// Constraints from the Cognito API reference (CreateUserImportJob, DescribeUserImportJob).
export const JOB_ID: StringRules = { max: 55, pattern: 'import-[0-9a-zA-Z-]+' };
export const JOB_NAME: StringRules = { max: 128, pattern: '[\\w\\s+=,.@-]+' };

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
