import { saveUser } from '../../../store/repositories/users.ts';
import { inTransaction } from '../../../store/transaction.ts';
import { checkPassword } from '../../passwords/password-policy.ts';
import { assertWritable, validateAttributes } from '../../users/attributes.ts';
import { afterFirstFactor } from '../outcome.ts';
import { assertMaySignIn } from '../password-checks.ts';
import { consumeFlow } from '../session-store.ts';
import { createVerifier } from '../srp.ts';
import { type Challenge, flowUser } from './challenge.ts';

const ATTRIBUTE_PREFIX = 'userAttributes.';

/** The `userAttributes.<name>` responses, as attribute updates. */
function attributeUpdates(responses: Record<string, string>): Record<string, string> {
  const updates: Record<string, string> = {};
  for (const [key, value] of Object.entries(responses)) {
    if (key.startsWith(ATTRIBUTE_PREFIX)) updates[key.slice(ATTRIBUTE_PREFIX.length)] = value;
  }
  return updates;
}

/**
 * After a temporary password: the user chooses NEW_PASSWORD and gives any required attributes
 * still missing as `userAttributes.<name>`; the user is then CONFIRMED and signed in.
 */
const NEW_PASSWORD_REQUIRED: Challenge<'NEW_PASSWORD_REQUIRED'> = {
  name: 'NEW_PASSWORD_REQUIRED',
  answers: ['NEW_PASSWORD_REQUIRED'],
  requires: ['NEW_PASSWORD'],
  async respond(ctx, flow, { pool, client, responses }) {
    const password = responses.NEW_PASSWORD;
    const user = await flowUser(ctx, flow);
    // Disabled since the password step: the challenge cannot finish either.
    assertMaySignIn(user);
    const updates = attributeUpdates(responses);
    assertWritable(Object.keys(updates), client.settings.WriteAttributes);
    const attributes = { ...user.attributes, ...updates };
    // Required attributes are checked on the result; the stored `sub` is the server's own, so
    // only an answer that tries to write `sub` is refused.
    const { sub: _sub, ...stored } = user.attributes;
    validateAttributes(pool.settings.SchemaAttributes ?? [], { ...stored, ...updates }, 'signUp');
    checkPassword(pool.settings.Policies?.PasswordPolicy ?? {}, password);
    // A rejected answer above leaves the session usable for another try, as on Cognito.
    const now = ctx.clock.now();
    user.attributes = attributes;
    user.srp = await createVerifier(pool.id, user.username, password);
    user.passwordChangedAt = now;
    user.status = 'CONFIRMED';
    user.updatedAt = new Date(now);
    await inTransaction(ctx.db, async (db) => {
      await consumeFlow({ ...ctx, db }, flow);
      await saveUser(db, user);
    });
    // The new password counts as the first factor: MFA (or its setup) may still follow. The
    // steps after it run outside the transaction: their triggers (PostAuthentication,
    // PreTokenGeneration) may take seconds or call the server back.
    return afterFirstFactor(ctx, pool, client, user, { ...flow.carry, newPasswordSet: true });
  },
};

export default NEW_PASSWORD_REQUIRED;
