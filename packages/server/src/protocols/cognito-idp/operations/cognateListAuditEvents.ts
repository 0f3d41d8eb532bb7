import { listAuditLog, MAX_AUDIT_EVENTS } from '../../../services/audit/index.ts';
import { InvalidParameterException } from '../../../services/errors.ts';
import { NEXT_TOKEN, optInt, optStr, USER_POOL_ID } from '../../../services/validation/index.ts';
import { defineOperation } from '../operation.ts';

// A Cognate extension: the audit log of admin operations (Cognito leaves this to CloudTrail).
// The `Cognate` prefix keeps the target name clear of any operation AWS may add.

/** CognateListAuditEvents request. Times are epoch seconds on the wire, as AWS JSON has them. */
export interface CognateListAuditEventsRequest {
  /** Events at or after this time. */
  StartTime?: Date | number;
  /** Events before this time. */
  EndTime?: Date | number;
  Operation?: string;
  AccessKeyId?: string;
  UserPoolId?: string;
  /** 1 to 60; 60 when not given. */
  MaxResults?: number;
  NextToken?: string;
}

/** One recorded admin operation. */
export interface AuditEventType {
  EventId: string;
  EventTime: Date;
  Operation: string;
  /** `ok` or the error's wire name (`UsernameExistsException`, …). */
  Outcome: string;
  AccessKeyId?: string;
  ConsoleSessionId?: string;
  UserPoolId?: string;
  Username?: string;
  ClientId?: string;
  GroupName?: string;
  SourceIp?: string;
  UserAgent?: string;
}

/** CognateListAuditEvents response: newest first. */
export interface CognateListAuditEventsResponse {
  AuditEvents: AuditEventType[];
  NextToken?: string;
}

/** An AWS JSON timestamp member (epoch seconds) as epoch milliseconds. */
function optTime(input: Record<string, unknown>, field: string): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidParameterException(`${field} must be a timestamp in epoch seconds.`);
  }
  return Math.round(value * 1000);
}

export default defineOperation<CognateListAuditEventsRequest, CognateListAuditEventsResponse>({
  name: 'CognateListAuditEvents',
  auth: 'sigv4',
  transaction: false,
  async handler(ctx, input) {
    const filter = {
      since: optTime(input, 'StartTime'),
      until: optTime(input, 'EndTime'),
      operation: optStr(input, 'Operation', { min: 1, max: 128, pattern: '^[A-Za-z]+$' }),
      accessKeyId: optStr(input, 'AccessKeyId', { min: 1, max: 128 }),
      userPoolId: optStr(input, 'UserPoolId', USER_POOL_ID),
    };
    for (const key of Object.keys(filter) as (keyof typeof filter)[]) {
      if (filter[key] === undefined) delete filter[key];
    }
    const page = await listAuditLog(ctx, filter, {
      maxResults: optInt(input, 'MaxResults', { min: 1, max: MAX_AUDIT_EVENTS }),
      nextToken: optStr(input, 'NextToken', NEXT_TOKEN),
    });
    return {
      AuditEvents: page.events.map((e) => ({
        EventId: e.id,
        EventTime: new Date(e.at),
        Operation: e.operation,
        Outcome: e.outcome,
        ...(e.accessKeyId && { AccessKeyId: e.accessKeyId }),
        ...(e.consoleSessionId && { ConsoleSessionId: e.consoleSessionId }),
        ...(e.userPoolId && { UserPoolId: e.userPoolId }),
        ...(e.targetUsername && { Username: e.targetUsername }),
        ...(e.targetClientId && { ClientId: e.targetClientId }),
        ...(e.targetGroup && { GroupName: e.targetGroup }),
        ...(e.sourceIp && { SourceIp: e.sourceIp }),
        ...(e.userAgent && { UserAgent: e.userAgent }),
      })),
      ...(page.nextToken && { NextToken: page.nextToken }),
    };
  },
});
