/**
 * A ready UserMigration trigger that moves users from a live Amazon Cognito user pool (or
 * another Cognate server) the first time they sign in with their password or ask for a password
 * reset, so nobody has to choose a new password. It runs unchanged on Cognate (put this file in
 * the `functionsDir` folder) and on AWS Lambda.
 *
 * - UserMigration_Authentication: signs in to the old pool with AdminInitiateAuth
 *   ADMIN_USER_PASSWORD_AUTH to check the password, then copies the user's attributes from
 *   AdminGetUser. The admin flow is used because copying attributes needs admin rights anyway,
 *   and it works whatever the old client's user flows are, except that the old app client must
 *   allow ALLOW_ADMIN_USER_PASSWORD_AUTH.
 * - UserMigration_ForgotPassword: only checks that the user exists (AdminGetUser) and copies
 *   their attributes; the new pool then sends the reset code to the verified email or phone.
 *
 * Attributes are copied as they are, `email_verified` and `phone_number_verified` included,
 * except `sub` (the new pool gives every user its own). Custom attributes must exist in the new
 * pool too. Users migrate CONFIRMED with their password, or RESET_REQUIRED when the old pool only
 * had a temporary password for them; no welcome message is sent (messageAction SUPPRESS).
 *
 * Configured by environment variables, read at each invocation:
 * - OLD_USER_POOL_ID (required): the pool users come from, e.g. `eu-west-1_AbCdEf123`;
 * - OLD_CLIENT_ID (required for sign-in): an app client of that pool;
 * - OLD_CLIENT_SECRET: that client's secret, when it has one (used for SECRET_HASH);
 * - AWS_REGION: the old pool's region (default: the region part of OLD_USER_POOL_ID);
 * - OLD_COGNITO_ENDPOINT: another endpoint for the old pool, e.g. a Cognate server's URL;
 * - OLD_AWS_ACCESS_KEY_ID, OLD_AWS_SECRET_ACCESS_KEY (and OLD_AWS_SESSION_TOKEN): credentials for
 *   the old pool's admin API; without them the AWS SDK's default credential chain is used
 *   (AWS_ACCESS_KEY_ID, profiles, the Lambda role, …). They need cognito-idp:AdminInitiateAuth
 *   and cognito-idp:AdminGetUser on the old pool.
 */
import { createHmac } from 'node:crypto';
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

/** Errors of the old pool that concern the user, passed on to the new pool as they are. */
const USER_ERRORS = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'UserNotConfirmedException',
  'PasswordResetRequiredException',
]);

/** SDK clients, one per old pool endpoint and credentials. */
const clients = new Map();

/**
 * The settings from the environment.
 * @param {Record<string, string | undefined>} env
 */
export function settingsFromEnv(env = process.env) {
  const userPoolId = env.OLD_USER_POOL_ID;
  if (!userPoolId) throw new Error('OLD_USER_POOL_ID is not set');
  return {
    userPoolId,
    clientId: env.OLD_CLIENT_ID,
    clientSecret: env.OLD_CLIENT_SECRET || undefined,
    region: env.AWS_REGION || userPoolId.split('_')[0],
    endpoint: env.OLD_COGNITO_ENDPOINT || undefined,
    credentials:
      env.OLD_AWS_ACCESS_KEY_ID && env.OLD_AWS_SECRET_ACCESS_KEY
        ? {
            accessKeyId: env.OLD_AWS_ACCESS_KEY_ID,
            secretAccessKey: env.OLD_AWS_SECRET_ACCESS_KEY,
            sessionToken: env.OLD_AWS_SESSION_TOKEN || undefined,
          }
        : undefined,
  };
}

/** @param {ReturnType<typeof settingsFromEnv>} settings */
function clientFor(settings) {
  const key = JSON.stringify([settings.region, settings.endpoint, settings.credentials]);
  let client = clients.get(key);
  if (!client) {
    client = new CognitoIdentityProviderClient({
      region: settings.region,
      endpoint: settings.endpoint,
      credentials: settings.credentials,
      // Cognito gives a trigger 5 seconds: no time for the SDK's usual three tries with backoff.
      maxAttempts: 2,
    });
    clients.set(key, client);
  }
  return client;
}

/** Base64(HMAC-SHA256(secret, username + clientId)), Cognito's SECRET_HASH. */
function secretHash(secret, username, clientId) {
  return createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64');
}

/**
 * Runs a call to the old pool. Errors about the user keep their message (the new pool reports
 * "UserMigration failed with error <message>"); anything else is logged and reported vaguely,
 * since the message reaches end users.
 */
async function oldPool(promise) {
  try {
    return await promise;
  } catch (err) {
    if (USER_ERRORS.has(err?.name)) throw new Error(err.message);
    console.error('cognito-user-migration: the old user pool failed:', err);
    throw new Error('The old user pool could not be reached');
  }
}

/**
 * Checks the password against the old pool. Returns the status the user migrates with:
 * CONFIRMED, or RESET_REQUIRED when it was only a temporary password.
 */
async function checkPassword(idp, settings, username, password) {
  if (!settings.clientId) throw new Error('OLD_CLIENT_ID is not set');
  const params = { USERNAME: username, PASSWORD: password };
  if (settings.clientSecret) {
    params.SECRET_HASH = secretHash(settings.clientSecret, username, settings.clientId);
  }
  const res = await oldPool(
    idp.send(
      new AdminInitiateAuthCommand({
        UserPoolId: settings.userPoolId,
        ClientId: settings.clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: params,
      }),
    ),
  );
  // Any other challenge (MFA, devices) comes after the password was accepted.
  return res.ChallengeName === 'NEW_PASSWORD_REQUIRED' ? 'RESET_REQUIRED' : 'CONFIRMED';
}

/** The user's attributes in the old pool, without `sub`. */
async function oldAttributes(idp, settings, username) {
  const user = await oldPool(
    idp.send(new AdminGetUserCommand({ UserPoolId: settings.userPoolId, Username: username })),
  );
  if (user.Enabled === false) throw new Error('User is disabled.');
  const attributes = {};
  for (const { Name, Value } of user.UserAttributes ?? []) {
    if (Name && Name !== 'sub' && Value !== undefined) attributes[Name] = Value;
  }
  return attributes;
}

/**
 * The Lambda handler.
 * @param {{ triggerSource: string, userName: string, request: { password?: string },
 *   response: Record<string, unknown> }} event
 */
export async function handler(event) {
  const settings = settingsFromEnv();
  const idp = clientFor(settings);
  switch (event.triggerSource) {
    case 'UserMigration_Authentication': {
      const status = await checkPassword(idp, settings, event.userName, event.request.password);
      event.response.userAttributes = await oldAttributes(idp, settings, event.userName);
      event.response.finalUserStatus = status;
      event.response.messageAction = 'SUPPRESS';
      return event;
    }
    case 'UserMigration_ForgotPassword':
      event.response.userAttributes = await oldAttributes(idp, settings, event.userName);
      event.response.messageAction = 'SUPPRESS';
      return event;
    default:
      throw new Error(`Bad triggerSource ${event.triggerSource}`);
  }
}
