import type { QueryAction } from './action.ts';
import { getCallerIdentity } from './sts-getCallerIdentity.ts';

/** Every Query-protocol action this endpoint answers (STS, IAM). The only list of them. */
export const queryActions: QueryAction[] = [getCallerIdentity];
