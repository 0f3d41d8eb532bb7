import type { StringRules } from './members.ts';

// Constraints of the string shapes many Cognito operations share, from the service model
// (cognito-idp 2016-04-18). Patterns are kept verbatim: Cognito quotes them in its messages.
// Sensitive shapes (the model's @sensitive) are reported without their value.

/** Letters, marks, symbols, numbers and punctuation: no whitespace. */
const PRINTABLE = '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+';

export const USER_POOL_ID: StringRules = { max: 55, pattern: '[\\w-]+_[0-9a-zA-Z]+' };
export const CLIENT_ID: StringRules = { max: 128, pattern: '[\\w+]+' };
export const USERNAME: StringRules = { max: 128, pattern: PRINTABLE, sensitive: true };
export const PASSWORD: StringRules = { max: 256, sensitive: true };
export const CODE: StringRules = { max: 2048, pattern: '[\\S]+' };
export const TOKEN: StringRules = { max: 131072, pattern: '[A-Za-z0-9-_=.]+', sensitive: true };
export const SECRET_HASH: StringRules = { max: 128, pattern: '[\\w+=/]+', sensitive: true };
export const GROUP_NAME: StringRules = { max: 128, pattern: PRINTABLE };
export const DESCRIPTION: StringRules = { min: 0, max: 2048 };
export const ARN: StringRules = {
  min: 20,
  max: 2048,
  pattern:
    'arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?',
};
/** PaginationKeyType / SearchPaginationTokenType. */
export const NEXT_TOKEN: StringRules = { max: 131072, pattern: '[\\S]+' };
