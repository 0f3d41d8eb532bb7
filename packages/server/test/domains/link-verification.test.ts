import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  CreateUserPoolDomainCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  createClient,
  createPool,
  PASSWORD,
  rejects,
  startTestServer,
  type TestServer,
  unique,
} from '../support/index.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

/** A pool that confirms sign-ups with a link, and an app client. */
async function linkPool(template: Record<string, string> = {}) {
  const pool = await createPool(t, {
    AutoVerifiedAttributes: ['email'],
    VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_LINK', ...template },
  });
  const client = await createClient(t, pool.Id);
  return { poolId: pool.Id, clientId: client.ClientId };
}

function signUp(clientId: string, username: string) {
  return t.anon.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
  );
}

/** The href of the one link in a message body. */
function linkIn(body: string): URL {
  const hrefs = [...body.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]);
  assert.equal(hrefs.length, 1, body);
  return new URL(hrefs[0]);
}

test('a CONFIRM_WITH_LINK pool without a domain refuses to send the link, and creates no user', async () => {
  const { poolId, clientId } = await linkPool();
  const username = unique('nolink');
  await rejects(
    signUp(clientId, username),
    'InvalidParameterException',
    'Cannot perform specific action because there does not exist a valid use pool domain associated with the user pool',
  );
  await rejects(
    t.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })),
    'UserNotFoundException',
  );
});

test('with a domain, the sign-up email links to <domain base>/confirmUser with client, user and code', async () => {
  const { poolId, clientId } = await linkPool();
  const domain = `link-${process.pid}-${Date.now().toString(36)}`;
  await t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
  const username = unique('linked');
  const res = await signUp(clientId, username);
  assert.equal(res.UserConfirmed, false);
  assert.equal(res.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');

  const message = await t.outbox(username);
  assert.ok(message?.code);
  assert.match(
    message.body,
    /^Please click the link below to verify your email address\. <a href="[^"]+">Verify Email<\/a> $/,
  );
  const url = linkIn(message.body);
  assert.equal(`${url.origin}${url.pathname}`, `${t.url}/domains/${domain}/confirmUser`);
  assert.equal(url.searchParams.get('client_id'), clientId);
  assert.equal(url.searchParams.get('user_name'), username);
  assert.equal(url.searchParams.get('confirmation_code'), message.code);

  // The code in the link is the user's confirmation code.
  await t.anon.send(
    new ConfirmSignUpCommand({
      ClientId: clientId,
      Username: username,
      ConfirmationCode: message.code,
    }),
  );
  const user = await t.admin.send(
    new AdminGetUserCommand({ UserPoolId: poolId, Username: username }),
  );
  assert.equal(user.UserStatus, 'CONFIRMED');
});

test("the pool's EmailMessageByLink and EmailSubjectByLink, and ResendConfirmationCode, use the link too", async () => {
  const { poolId, clientId } = await linkPool({
    EmailMessageByLink: 'Welcome aboard! {##Confirm my account##} Thanks.',
    EmailSubjectByLink: 'Confirm your account',
  });
  const domain = `resend-${process.pid}-${Date.now().toString(36)}`;
  await t.admin.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
  const username = unique('tmpl');
  await signUp(clientId, username);
  const first = await t.outbox(username);
  assert.match(
    first?.body ?? '',
    /^Welcome aboard! <a href="[^"]+">Confirm my account<\/a> Thanks\.$/,
  );

  await t.anon.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: username }));
  const second = await t.outbox(username);
  assert.ok(second?.code);
  assert.notEqual(second.code, first?.code);
  const url = linkIn(second.body);
  assert.equal(url.pathname, `/domains/${domain}/confirmUser`);
  assert.equal(url.searchParams.get('confirmation_code'), second.code);
  const res = await fetch(`${t.url}/_dev/outbox?username=${encodeURIComponent(username)}`);
  const { messages } = (await res.json()) as { messages: { subject?: string }[] };
  assert.equal(messages[0].subject, 'Confirm your account');
});

test('a code pool keeps sending codes, domain or not', async () => {
  const pool = await createPool(t, { AutoVerifiedAttributes: ['email'] });
  const client = await createClient(t, pool.Id);
  await t.admin.send(
    new CreateUserPoolDomainCommand({
      UserPoolId: pool.Id,
      Domain: `code-${process.pid}-${Date.now().toString(36)}`,
    }),
  );
  const username = unique('coded');
  await signUp(client.ClientId, username);
  const message = await t.outbox(username);
  assert.equal(message?.body, `Your verification code is ${message?.code}. `);
});
