import type { ChallengeName } from '../states.ts';
import type { Challenge } from './challenge.ts';
import CUSTOM_CHALLENGE from './CUSTOM_CHALLENGE.ts';
import NEW_PASSWORD_REQUIRED from './NEW_PASSWORD_REQUIRED.ts';
import PASSWORD_VERIFIER from './PASSWORD_VERIFIER.ts';

/**
 * Every challenge this server answers, keyed by its wire name: the only list of them. Adding a
 * challenge is adding its file and a line here.
 */
export const challenges: Readonly<Partial<Record<ChallengeName, Challenge>>> = Object.fromEntries(
  [PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED, CUSTOM_CHALLENGE].map((c) => [c.name, c]),
);

/** The module answering ChallengeName `name`, or undefined when this server asks none such. */
export function challengeNamed(name: ChallengeName): Challenge | undefined {
  return Object.hasOwn(challenges, name) ? challenges[name] : undefined;
}
