// Cognito's user import CSV: the header GetCSVHeader gives, and the rules a row must meet
// ("Formatting the .csv file",
// https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-using-import-tool-csv-header.html).

import type { Attributes, User } from '../../model/user.ts';
import type { UserPool } from '../../model/user-pool.ts';
import type { Context } from '../context.ts';
import { CognateError } from '../errors.ts';
import { newUser } from '../sign-up/sign-up.ts';
import { normalizeAttributeValue, validateAttributes } from '../users/attributes.ts';

/** Columns that are not attributes. Wire names. */
export const USERNAME_COLUMN = 'cognito:username';
export const MFA_COLUMN = 'cognito:mfa_enabled';

/**
 * GetCSVHeader: the pool's attributes in schema order (standard ones, then custom ones), without
 * `sub` (Cognito assigns it), then `cognito:mfa_enabled` and `cognito:username`, as Cognito lists
 * them.
 */
export function csvHeader(pool: UserPool): string[] {
  const names = (pool.settings.SchemaAttributes ?? [])
    .map((a) => a.Name as string)
    .filter((name) => name && name !== 'sub' && name !== 'identities');
  return [...names, MFA_COLUMN, USERNAME_COLUMN];
}

/** Why an uploaded header cannot be used (every column of the pool's header must be there), if so. */
export function headerProblem(pool: UserPool, header: string[]): string | undefined {
  const expected = new Set(csvHeader(pool));
  const seen = new Set<string>();
  for (const name of header) {
    if (!expected.has(name)) return `The CSV header has a column the user pool lacks: ${name}.`;
    if (seen.has(name)) return `The CSV header lists ${name} twice.`;
    seen.add(name);
  }
  const missing = [...expected].filter((name) => !seen.has(name));
  if (missing.length > 0) return `The CSV header lacks columns: ${missing.join(', ')}.`;
  return undefined;
}

/** A row that cannot be imported; its message is what the job log says about it. */
export class RowError extends Error {}

const TRUE_FALSE = /^(true|false)$/i;
const BIRTHDATE = /^(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])\/\d{4}$/;
const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;

function readRow(header: string[], fields: string[]) {
  let username = '';
  let mfa = '';
  const attributes: Attributes = {};
  header.forEach((name, i) => {
    const value = fields[i] ?? '';
    if (name === USERNAME_COLUMN) username = value;
    else if (name === MFA_COLUMN) mfa = value;
    // An empty value leaves the attribute unset.
    else if (value !== '') attributes[name] = normalizeAttributeValue(name, value);
  });
  return { username, mfa, attributes };
}

function checkMfa(pool: UserPool, mfa: string): void {
  if (!TRUE_FALSE.test(mfa))
    throw new RowError('The cognito:mfa_enabled value must be true or false.');
  const enabled = mfa.toLowerCase() === 'true';
  const config = pool.settings.MfaConfiguration ?? 'OFF';
  if (config === 'ON' && !enabled) {
    throw new RowError('MFA is required in the user pool: cognito:mfa_enabled must be true.');
  }
  if (config === 'OFF' && enabled) {
    throw new RowError('MFA is off in the user pool: cognito:mfa_enabled must be false.');
  }
}

/**
 * At least one auto-verified attribute must be verified, with its value present: imported users
 * reset their password through it.
 */
function checkVerified(pool: UserPool, attributes: Attributes): void {
  for (const kind of ['email', 'phone_number']) {
    if (attributes[`${kind}_verified`] === 'true' && !attributes[kind]) {
      throw new RowError(`${kind}_verified is true but ${kind} is empty.`);
    }
  }
  const auto: string[] = pool.settings.AutoVerifiedAttributes ?? [];
  if (!auto.some((kind) => attributes[`${kind}_verified`] === 'true')) {
    // Cognito's log line for this case.
    throw new RowError(
      'The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).',
    );
  }
}

/**
 * The user a CSV row describes, in RESET_REQUIRED like every user Cognito imports, or RowError
 * saying why the row fails. Whether the user already exists is the caller's question.
 */
export async function userFromRow(
  ctx: Pick<Context, 'clock'>,
  pool: UserPool,
  header: string[],
  fields: string[],
): Promise<User> {
  if (fields.length !== header.length) {
    throw new RowError(
      `The record has ${fields.length} values but the header has ${header.length} columns.`,
    );
  }
  const { username, mfa, attributes } = readRow(header, fields);
  if (!username) throw new RowError('The cognito:username value is missing.');
  if (/\s/.test(username))
    throw new RowError('The cognito:username value cannot contain spaces or tabs.');
  if (!USERNAME.test(username)) throw new RowError('The cognito:username value is not valid.');
  checkMfa(pool, mfa);
  if (attributes.birthdate !== undefined && !BIRTHDATE.test(attributes.birthdate)) {
    throw new RowError('The birthdate value must be in the format mm/dd/yyyy.');
  }
  checkVerified(pool, attributes);
  const schema = pool.settings.SchemaAttributes ?? [];
  try {
    validateAttributes(schema, attributes, 'adminCreate');
    // With email or phone as username, the username fills that attribute (or must match it).
    const user = await newUser(ctx, pool, { username, attributes, status: 'RESET_REQUIRED' });
    const missing = schema.find(
      (a) => a.Required && a.Name && a.Name !== 'sub' && !user.attributes[a.Name],
    );
    if (missing) throw new RowError(`The required attribute ${missing.Name} is missing.`);
    return user;
  } catch (err) {
    if (err instanceof CognateError) throw new RowError(err.message.trim());
    throw err;
  }
}
