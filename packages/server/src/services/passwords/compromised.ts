// The compromised-password check: a pool setting (a Cognate extension of PasswordPolicy) that
// refuses the most common passwords, those first tried by anyone guessing or stuffing
// credentials. Cognito has no such setting; its pools accept these passwords, so the check is
// off unless a pool turns it on.
import { readFileSync } from 'node:fs';
import type { PasswordPolicyType } from '@aws-sdk/client-cognito-identity-provider';

/**
 * The PasswordPolicy member that turns the check on (a Cognate extension; AWS SDKs send and read
 * it as an unknown member). A wire name: never change it.
 */
export const COMPROMISED_CHECK_MEMBER = 'CognateRejectCompromisedPasswords';

/** A pool's password policy with Cognate's extension. */
export type PasswordPolicyWithCheck = PasswordPolicyType & {
  [COMPROMISED_CHECK_MEMBER]?: boolean;
};

/** The reason after "Password does not conform to policy: " when the check refuses a password. */
export const COMPROMISED_REASON =
  'Password is one of the most commonly used passwords, which appear in lists of compromised passwords; choose a less common one';

// The list ships as a module so the build copies it beside the bundle (see the build script);
// it is read as text on first use rather than imported, so a server whose pools never turn the
// check on never loads its ~400 KB, and the check stays synchronous.
const LIST_URL = new URL('./common-passwords.mjs', import.meta.url);
let list: Set<string> | undefined;

function loadList(): Set<string> {
  if (list) return list;
  const text = readFileSync(LIST_URL, 'utf8');
  const body = text.slice(text.indexOf('`') + 1, text.lastIndexOf('`'));
  list = new Set(body.split('\n').filter(Boolean));
  return list;
}

/** True when the policy turns the compromised-password check on. */
export function checksCompromised(policy: PasswordPolicyType): boolean {
  return (policy as PasswordPolicyWithCheck)[COMPROMISED_CHECK_MEMBER] === true;
}

/** True when `password`, compared without regard to case, is on the shipped list. */
export function isCompromisedPassword(password: string): boolean {
  return loadList().has(password.toLowerCase());
}

/** How many passwords the shipped list holds (loads it). */
export function compromisedListSize(): number {
  return loadList().size;
}
