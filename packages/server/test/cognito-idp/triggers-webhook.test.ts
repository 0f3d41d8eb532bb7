// The webhook form of a trigger: a URL in LambdaConfig in place of an ARN is POSTed the event,
// signed; a real local HTTP server receives it, checks the signature and the timestamp the way
// docs/triggers.md shows, and answers like a Lambda function would.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { claims, PASSWORD, rejects, signIn, unique } from '../support/index.ts';
import {
  startTriggerServer,
  type TriggerServer,
  triggerPool,
  WEBHOOK_SECRET,
} from './triggers.fixture.ts';

/** A request the receiver got, after checking it. */
interface Received {
  path: string;
  signatureValid: boolean;
  event: { triggerSource: string; userName: string; [key: string]: unknown };
  headers: IncomingMessage['headers'];
}

/** The receiver's check, as docs/triggers.md shows it: the HMAC, and a timestamp under 5 minutes old. */
function verify(secret: string, header: string | undefined, body: string): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=', 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(String(parts.v1 ?? ''), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

let receiver: Server;
let base: string;
const received: Received[] = [];

function startReceiver(): Promise<void> {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      const signatureValid = verify(
        WEBHOOK_SECRET,
        req.headers['x-cognate-signature'] as string,
        body,
      );
      const event = JSON.parse(body);
      const path = req.url ?? '';
      received.push({ path, signatureValid, event, headers: req.headers });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (!signatureValid) return json(401, { errorMessage: 'Bad signature' });
      switch (path) {
        case '/confirm':
          event.response.autoConfirmUser = true;
          return json(200, event);
        case '/claims':
          event.response.claimsOverrideDetails = { claimsToAddOrOverride: { via: 'webhook' } };
          return json(200, event);
        case '/deny':
          return json(400, { errorType: 'Error', errorMessage: 'Not on the guest list' });
        case '/crash':
          res.writeHead(500);
          return res.end('oops');
        case '/garbage':
          res.writeHead(200);
          return res.end('<html>maintenance</html>');
        case '/redirect':
          res.writeHead(302, { location: 'https://elsewhere.example/' });
          return res.end();
        case '/slow':
          return; // never answers
        default:
          return json(200, event);
      }
    });
  });
  return new Promise((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
}

let s: TriggerServer;
before(async () => {
  await startReceiver();
  const address = receiver.address();
  assert.ok(address && typeof address === 'object');
  base = `http://127.0.0.1:${address.port}`;
  s = await startTriggerServer({});
});
after(async () => {
  await s.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

/** A pool whose PreSignUp is the receiver's `path`, and a sign-up against it. */
async function signUpThrough(path: string, server = s) {
  const pool = await triggerPool(server.t, { LambdaConfig: { PreSignUp: `${base}${path}` } });
  const username = unique('hooked');
  const call = server.t.anon.send(
    new SignUpCommand({
      ClientId: pool.clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      ClientMetadata: { via: 'webhook' },
    }),
  );
  return { pool, username, call };
}

const lastFor = (username: string) => received.filter((r) => r.event.userName === username).at(-1);

test('the event is POSTed as JSON, signed, and the answer is read as a function’s', async () => {
  const { pool, username, call } = await signUpThrough('/confirm');
  const res = await call;
  assert.equal(res.UserConfirmed, true);
  const got = lastFor(username);
  assert.ok(got);
  assert.equal(got.signatureValid, true);
  assert.equal(got.headers['content-type'], 'application/json');
  assert.equal(got.event.triggerSource, 'PreSignUp_SignUp');
  assert.deepEqual((got.event.request as { clientMetadata: unknown }).clientMetadata, {
    via: 'webhook',
  });
  const user = await s.t.admin.send(
    new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: username }),
  );
  assert.equal(user.UserStatus, 'CONFIRMED');
});

test('a webhook token trigger changes the claims as a function would', async () => {
  const pool = await triggerPool(s.t, { LambdaConfig: { PreTokenGeneration: `${base}/claims` } });
  const username = unique('claims');
  await s.t.anon.send(
    new SignUpCommand({
      ClientId: pool.clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
  );
  await s.t.admin.send(
    new AdminConfirmSignUpCommand({ UserPoolId: pool.poolId, Username: username }),
  );
  const tokens = await signIn(s.t, pool.clientId, username);
  assert.equal(claims(tokens.IdToken).via, 'webhook');
});

test('an error answer with errorMessage is the function failing: UserLambdaValidationException', async () => {
  const { pool, username, call } = await signUpThrough('/deny');
  await rejects(
    call,
    'UserLambdaValidationException',
    'PreSignUp failed with error Not on the guest list.',
  );
  await rejects(
    s.t.admin.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: username })),
    'UserNotFoundException',
  );
});

test('a server error or a redirect: UnexpectedLambdaException; an answer that is no event: InvalidLambdaResponseException', async () => {
  for (const path of ['/crash', '/redirect']) {
    const { call } = await signUpThrough(path);
    await rejects(
      call,
      'UnexpectedLambdaException',
      `PreSignUp invocation failed due to error Webhook could not be reached: ${base}${path}.`,
    );
  }
  const { call } = await signUpThrough('/garbage');
  await rejects(call, 'InvalidLambdaResponseException', 'Unrecognizable lambda output');
});

test('a webhook that does not answer within 5 s times out like a function', async () => {
  const { call } = await signUpThrough('/slow');
  await rejects(
    call,
    'UnexpectedLambdaException',
    'PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.',
  );
});

test('without a webhook secret the server sends nothing: UnexpectedLambdaException', async () => {
  const unsigned = await startTriggerServer({}, { webhookSecret: undefined });
  try {
    const before = received.length;
    const { call } = await signUpThrough('/confirm', unsigned);
    await rejects(call, 'UnexpectedLambdaException');
    assert.equal(received.length, before);
  } finally {
    await unsigned.close();
  }
});

test('LambdaConfig takes https URLs, and http ones only to a loopback address', async () => {
  const created = await s.t.admin.send(
    new CreateUserPoolCommand({
      PoolName: unique('hooks'),
      LambdaConfig: {
        PreSignUp: 'https://hooks.example.com/cognito/pre-sign-up',
        PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: `${base}/claims` },
      },
    }),
  );
  const poolId = created.UserPool?.Id as string;
  const described = await s.t.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  assert.equal(
    described.UserPool?.LambdaConfig?.PreSignUp,
    'https://hooks.example.com/cognito/pre-sign-up',
  );
  assert.equal(described.UserPool?.LambdaConfig?.PreTokenGeneration, `${base}/claims`);
  await rejects(
    s.t.admin.send(
      new UpdateUserPoolCommand({
        UserPoolId: poolId,
        LambdaConfig: { PreSignUp: 'http://hooks.example.com/cognito/pre-sign-up' },
      }),
    ),
    'InvalidParameterException',
    /lambdaConfig\.preSignUp/,
  );
});
