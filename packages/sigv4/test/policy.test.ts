import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluatePolicy, type PolicyDocument } from '../src/index.ts';

const sub = 'us-east-1:11111111-2222-3333-4444-555555555555';
const aud = 'us-east-1:99999999-8888-7777-6666-555555555555';
const variables = {
  'cognito-identity.amazonaws.com:sub': sub,
  'cognito-identity.amazonaws.com:aud': aud,
};
const doc = (...Statement: PolicyDocument['Statement'][]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: Statement.flat(),
});
const ev = (policies: (PolicyDocument | string)[], action: string, resource: string) =>
  evaluatePolicy(policies, { action, resource, variables });

test('default deny; Allow allows; an explicit Deny wins over any Allow', () => {
  assert.equal(ev([], 's3:GetObject', 'arn:aws:s3:::b/k'), 'implicitDeny');
  const allow = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' });
  assert.equal(ev([allow], 's3:GetObject', 'arn:aws:s3:::b/k'), 'allowed');
  assert.equal(ev([allow], 's3:PutObject', 'arn:aws:s3:::b/k'), 'implicitDeny');
  assert.equal(ev([allow], 's3:GetObject', 'arn:aws:s3:::other/k'), 'implicitDeny');
  const deny = doc({ Effect: 'Deny', Action: 's3:*', Resource: '*' });
  assert.equal(ev([allow, deny], 's3:GetObject', 'arn:aws:s3:::b/k'), 'explicitDeny');
  assert.equal(ev([deny, allow], 's3:GetObject', 'arn:aws:s3:::b/k'), 'explicitDeny');
});

test('actions match regardless of case, resources with case; * and ? wildcards', () => {
  const p = doc({
    Effect: 'Allow',
    Action: ['S3:get*', 'dynamodb:?etItem'],
    Resource: 'arn:x:::t/a?c*',
  });
  assert.equal(ev([p], 's3:GetObject', 'arn:x:::t/abc'), 'allowed');
  assert.equal(ev([p], 'DynamoDB:GetItem', 'arn:x:::t/aXc/deep/path'), 'allowed');
  assert.equal(ev([p], 'dynamodb:PutItems', 'arn:x:::t/abc'), 'implicitDeny');
  assert.equal(ev([p], 's3:GetObject', 'arn:x:::T/abc'), 'implicitDeny', 'resources keep case');
  assert.equal(ev([p], 's3:GetObject', 'arn:x:::t/ac'), 'implicitDeny', '? is one character');
  // Regex characters in a pattern are literal.
  const dots = doc({ Effect: 'Allow', Action: 'a:b', Resource: 'arn:x:::t/a.c' });
  assert.equal(ev([dots], 'a:b', 'arn:x:::t/abc'), 'implicitDeny');
});

test('NotAction and NotResource', () => {
  const p = doc(
    { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
    { Effect: 'Deny', Action: '*', NotResource: ['arn:x:::public/*', 'arn:x:::mine/*'] },
  );
  assert.equal(ev([p], 's3:GetObject', 'arn:x:::public/1'), 'allowed');
  assert.equal(ev([p], 'iam:CreateRole', 'arn:x:::public/1'), 'implicitDeny');
  assert.equal(ev([p], 's3:GetObject', 'arn:x:::private/1'), 'explicitDeny');
});

test('policy variables: the identity id and pool id, literally, in 2012-10-17 documents only', () => {
  const p = doc({
    Effect: 'Allow',
    Action: 'notes:*',
    Resource: [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables.
      'arn:x:::note/${cognito-identity.amazonaws.com:sub}/*',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables.
      'arn:x:::pool/${cognito-identity.amazonaws.com:aud}',
    ],
  });
  assert.equal(ev([p], 'notes:Get', `arn:x:::note/${sub}/1`), 'allowed');
  assert.equal(ev([p], 'notes:Get', `arn:x:::pool/${aud}`), 'allowed');
  assert.equal(ev([p], 'notes:Get', 'arn:x:::note/us-east-1:other/1'), 'implicitDeny');
  // A value is not a pattern: a `*` in it would match only a `*`.
  const star = evaluatePolicy([p], {
    action: 'notes:Get',
    resource: 'arn:x:::note/abc/1',
    variables: { 'cognito-identity.amazonaws.com:sub': '*' },
  });
  assert.equal(star, 'implicitDeny');
  // No value: the element matches nothing (a Deny naming it does not apply either).
  assert.equal(
    evaluatePolicy([p], { action: 'notes:Get', resource: `arn:x:::note/${sub}/1` }),
    'implicitDeny',
  );
  // Without Version 2012-10-17, `${…}` is literal text, as in IAM.
  const old = { ...p, Version: '2008-10-17' };
  assert.equal(ev([old], 'notes:Get', `arn:x:::note/${sub}/1`), 'implicitDeny');
  // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables.
  const escapes = doc({ Effect: 'Allow', Action: 'a:b', Resource: 'arn:x:::${*}${?}${$}' });
  assert.equal(ev([escapes], 'a:b', 'arn:x:::*?$'), 'allowed');
  assert.equal(ev([escapes], 'a:b', 'arn:x:::ab$'), 'implicitDeny');
});

test('a Condition (not evaluated) never allows, and always denies', () => {
  const conditionalAllow = doc({
    Effect: 'Allow',
    Action: '*',
    Resource: '*',
    Condition: { StringEquals: { 'aws:SourceIp': '10.0.0.1' } },
  });
  assert.equal(ev([conditionalAllow], 's3:GetObject', 'arn:x:::a'), 'implicitDeny');
  const allow = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
  const conditionalDeny = doc({
    Effect: 'Deny',
    Action: 's3:*',
    Resource: '*',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  });
  assert.equal(ev([allow, conditionalDeny], 's3:GetObject', 'arn:x:::a'), 'explicitDeny');
  assert.equal(ev([allow, conditionalDeny], 'sqs:Send', 'arn:x:::a'), 'allowed');
});

test('documents as JSON strings and a single Statement object; unreadable ones grant nothing', () => {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: { Effect: 'Allow', Action: 'a:b', Resource: '*' },
  });
  assert.equal(ev([text], 'a:b', 'r'), 'allowed');
  assert.equal(ev(['{not json', text], 'a:b', 'r'), 'allowed');
  assert.equal(ev(['{not json'], 'a:b', 'r'), 'implicitDeny');
  const noResource = doc({ Effect: 'Allow', Action: 'a:b' } as never);
  assert.equal(ev([noResource], 'a:b', 'r'), 'implicitDeny');
});
