import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { isWebhookUrl, signWebhook } from './webhook.ts';

test('isWebhookUrl: https anywhere, http only to the machine itself', () => {
  assert.equal(isWebhookUrl('https://hooks.example.com/cognito/pre-sign-up'), true);
  assert.equal(isWebhookUrl('http://127.0.0.1:8080/hook'), true);
  assert.equal(isWebhookUrl('http://localhost/hook'), true);
  assert.equal(isWebhookUrl('http://[::1]:9000/hook'), true);
  assert.equal(isWebhookUrl('http://hooks.example.com/hook'), false);
  assert.equal(isWebhookUrl('http://10.0.0.5/hook'), false);
  assert.equal(isWebhookUrl('https://user:secret@hooks.example.com/'), false);
  assert.equal(isWebhookUrl('ftp://hooks.example.com/'), false);
  assert.equal(isWebhookUrl('arn:aws:lambda:us-east-1:123456789012:function:f'), false);
  assert.equal(isWebhookUrl('not a url'), false);
});

test('signWebhook: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
  const body = '{"triggerSource":"PreSignUp_SignUp"}';
  const mac = createHmac('sha256', 'secret-secret-secret')
    .update(`1700000000.${body}`)
    .digest('hex');
  assert.equal(signWebhook('secret-secret-secret', 1700000000, body), `t=1700000000,v1=${mac}`);
});
