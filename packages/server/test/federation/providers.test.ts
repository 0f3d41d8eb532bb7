// The identity-provider operations: Create/Describe/Update/Delete/List/GetByIdentifier with the
// AWS SDK, Cognito's errors, the details Cognito fills in, and app clients naming providers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  DeleteIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  GetIdentityProviderByIdentifierCommand,
  ListIdentityProvidersCommand,
  UpdateIdentityProviderCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createPool, rejects, startTestServer, type TestServer } from '../support/index.ts';

let t: TestServer;
let poolId: string;

const FACEBOOK = {
  client_id: 'fb-app',
  client_secret: 'fb-secret',
  authorize_scopes: 'public_profile, email',
};

before(async () => {
  t = await startTestServer();
  poolId = (await createPool(t)).Id;
});
after(() => t?.close());

test('a Facebook provider: Cognito fills in its endpoints, the secret reads back, the row is sealed', async () => {
  const created = await t.admin.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: 'Facebook',
      ProviderType: 'Facebook',
      ProviderDetails: { ...FACEBOOK, api_version: 'v17.0' },
      AttributeMapping: { email: 'email' },
      IdpIdentifiers: ['fb'],
    }),
  );
  const details = created.IdentityProvider?.ProviderDetails ?? {};
  assert.equal(details.authorize_url, 'https://www.facebook.com/v17.0/dialog/oauth');
  assert.equal(details.token_url, 'https://graph.facebook.com/v17.0/oauth/access_token');
  assert.equal(details.attributes_url, 'https://graph.facebook.com/v17.0/me?fields=');
  assert.equal(details.token_request_method, 'GET');
  assert.equal(details.client_secret, 'fb-secret');
  assert.deepEqual(created.IdentityProvider?.AttributeMapping, { email: 'email', username: 'id' });
  const row = await t.server.db
    .selectFrom('identity_providers')
    .select('details')
    .where('user_pool_id', '=', poolId)
    .executeTakeFirstOrThrow();
  assert.ok(!row.details.includes('fb-secret'), 'the client secret is sealed at rest');

  const byId = await t.admin.send(
    new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'fb' }),
  );
  assert.equal(byId.IdentityProvider?.ProviderName, 'Facebook');

  await rejects(
    t.admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Facebook',
        ProviderType: 'Facebook',
        ProviderDetails: FACEBOOK,
      }),
    ),
    'DuplicateProviderException',
  );
});

test('errors: a social provider named otherwise, missing details, unknown attributes, taken identifiers', async () => {
  await rejects(
    t.admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'MyGoogle',
        ProviderType: 'Google',
        ProviderDetails: { client_id: 'g', client_secret: 's', authorize_scopes: 'openid' },
      }),
    ),
    'InvalidParameterException',
    'Provider MyGoogle cannot be of type Google.',
  );
  await rejects(
    t.admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Google',
        ProviderType: 'Google',
        ProviderDetails: { client_id: 'g', authorize_scopes: 'openid' },
      }),
    ),
    'InvalidParameterException',
  );
  const oidc = {
    client_id: 'c',
    attributes_request_method: 'GET',
    oidc_issuer: 'https://idp.example',
    authorize_scopes: 'openid',
    authorize_url: 'https://idp.example/auth',
    token_url: 'https://idp.example/token',
    attributes_url: 'https://idp.example/userinfo',
    jwks_uri: 'https://idp.example/jwks',
  };
  await rejects(
    t.admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Corp',
        ProviderType: 'OIDC',
        ProviderDetails: oidc,
        AttributeMapping: { 'custom:nope': 'x' },
      }),
    ),
    'InvalidParameterException',
  );
  await rejects(
    t.admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Corp',
        ProviderType: 'OIDC',
        ProviderDetails: { ...oidc, oidc_issuer: 'http://idp.example' },
      }),
    ),
    'InvalidParameterException',
  );
  await rejects(
    t.admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Corp',
        ProviderType: 'OIDC',
        ProviderDetails: oidc,
        IdpIdentifiers: ['fb'],
      }),
    ),
    'DuplicateProviderException',
  );
  // Nothing of the refused ones was stored.
  const list = await t.admin.send(new ListIdentityProvidersCommand({ UserPoolId: poolId }));
  assert.deepEqual(
    list.Providers?.map((p) => p.ProviderName),
    ['Facebook'],
  );
});

test('update keeps a secret left out, delete removes it, unknown ones are ResourceNotFound', async () => {
  const updated = await t.admin.send(
    new UpdateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: 'Facebook',
      ProviderDetails: { client_id: 'fb-app-2', authorize_scopes: 'email' },
      IdpIdentifiers: ['facebook.example'],
    }),
  );
  const details = updated.IdentityProvider?.ProviderDetails ?? {};
  assert.equal(details.client_id, 'fb-app-2');
  assert.equal(details.client_secret, 'fb-secret');
  await rejects(
    t.admin.send(
      new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'fb' }),
    ),
    'ResourceNotFoundException',
  );
  await rejects(
    t.admin.send(
      new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Nobody' }),
    ),
    'ResourceNotFoundException',
  );
  await rejects(
    t.admin.send(
      new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Cognito' }),
    ),
    'UnsupportedIdentityProviderException',
  );
});

test('app clients may name only existing providers (or COGNITO)', async () => {
  await rejects(
    t.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'web',
        SupportedIdentityProviders: ['COGNITO', 'Google'],
      }),
    ),
    'InvalidParameterException',
    `The provider Google does not exist for User Pool ${poolId}`,
  );
  const ok = await t.admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'web',
      SupportedIdentityProviders: ['COGNITO', 'Facebook'],
    }),
  );
  assert.deepEqual(ok.UserPoolClient?.SupportedIdentityProviders, ['COGNITO', 'Facebook']);
});

test('list pages by name; delete removes a provider', async () => {
  for (const name of ['Alpha', 'Beta']) {
    await t.admin
      .send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: name,
          ProviderType: 'SAML',
          ProviderDetails: { MetadataURL: `https://${name.toLowerCase()}.example/metadata` },
        }),
      )
      .catch(() => undefined);
  }
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await t.admin.send(
      new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 1, NextToken: token }),
    );
    names.push(...(page.Providers ?? []).map((p) => p.ProviderName as string));
    token = page.NextToken;
  } while (token);
  assert.ok(names.includes('Facebook'));
  assert.deepEqual(names, [...names].sort());
  await t.admin.send(
    new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Facebook' }),
  );
  await rejects(
    t.admin.send(
      new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Facebook' }),
    ),
    'ResourceNotFoundException',
  );
});
