// PreTokenGeneration for tokens of the OAuth endpoints: TokenGeneration_HostedAuth with the
// granted scopes (version 2), and its scope changes in the access token.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  claims,
  createConfirmed,
  startTestServer,
  type TestServer,
  verifiedEmail,
} from '../support/index.ts';
import {
  authorizationCode,
  createOAuthPool,
  hostedSessionCookie,
  OAUTH_CALLBACK,
  type OAuthApp,
  tokenRequest,
} from '../support/oauth.ts';

let t: TestServer;
let app: OAuthApp;
let dir: string;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cognate-oauth-fn-'));
  const log = path.join(dir, 'events.jsonl');
  writeFileSync(
    path.join(dir, 'pretoken.mjs'),
    `import { appendFileSync } from 'node:fs';
export const handler = async (event) => {
  appendFileSync(${JSON.stringify(log)}, JSON.stringify(event) + '\\n');
  event.response.claimsAndScopeOverrideDetails = {
    accessTokenGeneration: { scopesToAdd: ['extra/scope'], scopesToSuppress: ['email'] },
  };
  return event;
};
`,
  );
  t = await startTestServer({ config: { functionsDir: dir } });
  app = await createOAuthPool(t, {
    pool: {
      LambdaConfig: {
        PreTokenGenerationConfig: {
          LambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:pretoken',
          LambdaVersion: 'V2_0',
        },
      },
    },
  });
  await createConfirmed(t, app.poolId, 'dan@example.com', {
    attributes: verifiedEmail('dan@example.com'),
  });
});
after(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a code redeemed runs TokenGeneration_HostedAuth with the scopes; a refresh keeps them', async () => {
  const cookie = await hostedSessionCookie(t, app.poolId, 'dan@example.com');
  const { code } = await authorizationCode(app, cookie, { scope: 'openid email' });
  const { status, body } = await tokenRequest(app.base, {
    grant_type: 'authorization_code',
    client_id: app.clientId,
    code,
    redirect_uri: OAUTH_CALLBACK,
  });
  assert.equal(status, 200);
  assert.equal(claims(body.access_token as string).scope, 'openid extra/scope');
  const events = readFileSync(path.join(dir, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(events.length, 1);
  assert.equal(events[0].triggerSource, 'TokenGeneration_HostedAuth');
  assert.deepEqual(events[0].request.scopes, ['openid', 'email']);

  const refreshed = await tokenRequest(app.base, {
    grant_type: 'refresh_token',
    client_id: app.clientId,
    refresh_token: body.refresh_token as string,
  });
  assert.equal(refreshed.status, 200);
  const again = JSON.parse(
    readFileSync(path.join(dir, 'events.jsonl'), 'utf8').trim().split('\n')[1],
  );
  assert.equal(again.triggerSource, 'TokenGeneration_RefreshTokens');
  assert.deepEqual(again.request.scopes, ['openid', 'email']);
});
