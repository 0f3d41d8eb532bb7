// The hosted UI answers without a server: Amplify's provider defaults for each provider, its
// checks of domain prefixes, redirect URIs and Apple keys, and the aws-exports oauth block.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultAnswers, mergeAnswers } from '../src/answers.ts';
import { buildDefinitions } from '../src/definitions.ts';
import { awsExports } from '../src/exports.ts';
import { applePrivateKey, domainFor, prefixOf, providerMeta } from '../src/oauth.ts';

describe('hosted UI answers', () => {
  test("Amplify's authorize scopes and attribute mapping for each provider", () => {
    assert.deepEqual(providerMeta('Google', ['email', 'name']), {
      authorize_scopes: 'openid email profile',
      AttributeMapping: { email: 'email', name: 'name', username: 'sub' },
    });
    assert.deepEqual(providerMeta('Facebook', ['email', 'given_name']), {
      authorize_scopes: 'email,public_profile',
      AttributeMapping: { email: 'email', given_name: 'first_name', username: 'id' },
    });
    assert.deepEqual(providerMeta('LoginWithAmazon', ['email']), {
      authorize_scopes: 'profile profile:user_id',
      AttributeMapping: { email: 'email', username: 'user_id' },
    });
    assert.deepEqual(providerMeta('SignInWithApple', ['email', 'family_name']), {
      authorize_scopes: 'email name',
      AttributeMapping: { email: 'email', family_name: 'lastName' },
    });
  });

  test('the domain is the prefix and the environment, and back', () => {
    assert.equal(domainFor('shop', 'dev'), 'shop-dev');
    assert.equal(prefixOf('shop-dev', 'dev'), 'shop');
    assert.equal(prefixOf('elsewhere', 'dev'), 'elsewhere');
  });

  test("an Apple key is sent as Amplify sends it: the PEM's base64 body", () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIGTAgEA\nMBMGByqG\n-----END PRIVATE KEY-----\n';
    assert.equal(applePrivateKey(pem), 'MIGTAgEAMBMGByqG');
    assert.equal(applePrivateKey(pem.replace(/\n/g, ' ')), 'MIGTAgEAMBMGByqG');
    const merged = mergeAnswers(defaultAnswers('app'), {
      oauth: {
        providers: ['SignInWithApple'],
        credentials: {
          SignInWithApple: {
            client_id: 'com.example',
            team_id: 'T',
            key_id: 'K',
            private_key: pem,
          },
        },
      },
    });
    assert.equal(merged.oauth?.credentials?.SignInWithApple?.private_key, 'MIGTAgEAMBMGByqG');
  });

  test('bad answers are refused with the member named', () => {
    const bad = (oauth: unknown, pattern: RegExp) =>
      assert.throws(() => mergeAnswers(defaultAnswers('app'), { oauth }), pattern);
    bad({ domainPrefix: 'my-aws-app' }, /oauth\.domainPrefix "my-aws-app".*reserved words/);
    bad({ domainPrefix: '-x' }, /oauth\.domainPrefix/);
    bad({ redirectSignIn: ['http://example.com/'] }, /HTTPS must be used instead of HTTP/);
    bad({ redirectSignIn: ['https://example.com'] }, /trailing forward slash/);
    bad({ redirectSignOut: [] }, /oauth\.redirectSignOut must list at least one URI/);
    bad({ flows: ['client_credentials'] }, /oauth\.flows must list code and\/or implicit/);
    bad({ providers: ['Twitter'] }, /oauth\.providers must list/);
    bad(
      { providers: ['Google'], credentials: { Google: { client_id: 'x' } } },
      /oauth\.credentials\.Google\.client_secret must be text/,
    );
    // An app's own scheme is a valid redirect, as in Amplify.
    const ok = mergeAnswers(defaultAnswers('app'), { oauth: { redirectSignIn: ['myapp://'] } });
    assert.deepEqual(ok.oauth?.redirectSignIn, ['myapp://']);
    assert.equal(mergeAnswers(ok, { oauth: null }).oauth, undefined);
  });

  test('the client definition and the oauth block Amplify writes for the implicit grant', () => {
    const answers = mergeAnswers(defaultAnswers('app'), {
      oauth: {
        providers: ['LoginWithAmazon', 'SignInWithApple'],
        flows: ['implicit'],
        redirectSignIn: ['http://localhost:3000/', 'myapp://'],
      },
    });
    const defs = buildDefinitions(answers);
    assert.deepEqual(defs.client.SupportedIdentityProviders, [
      'LoginWithAmazon',
      'SignInWithApple',
      'COGNITO',
    ]);
    const config = awsExports({
      region: 'us-east-1',
      endpoint: 'http://localhost:9229',
      pool: { Id: 'us-east-1_x' },
      client: { ClientId: 'c', ...defs.client },
      hostedUiBase: 'https://localhost:9229/domains/app-dev',
    });
    assert.deepEqual(config.oauth, {
      domain: 'localhost:9229/domains/app-dev',
      scope: ['phone', 'email', 'openid', 'profile', 'aws.cognito.signin.user.admin'],
      redirectSignIn: 'http://localhost:3000/,myapp://',
      redirectSignOut: 'http://localhost:3000/',
      responseType: 'token',
    });
    assert.deepEqual(config.aws_cognito_social_providers, ['AMAZON', 'APPLE']);
    assert.equal(config.federationTarget, 'COGNITO_USER_POOLS');
  });
});
