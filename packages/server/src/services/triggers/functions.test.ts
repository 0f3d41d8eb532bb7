import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createFunctions, functionNameOf } from './functions.ts';
import { invokeTrigger, triggerEvent } from './invoke.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cognate-triggers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(file: string, source: string): void {
  writeFileSync(path.join(dir, file), source);
}

const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

test('functionNameOf: the name an ARN gives, without qualifier; unsafe names refused', () => {
  assert.equal(functionNameOf(arn('migrate')), 'migrate');
  assert.equal(functionNameOf(`${arn('migrate')}:prod`), 'migrate');
  assert.equal(functionNameOf(`${arn('migrate')}:$LATEST`), 'migrate');
  assert.equal(functionNameOf('arn:aws:iam::123456789012:role/x:other'), 'other');
  assert.equal(functionNameOf('migrate'), 'migrate');
  assert.equal(functionNameOf(arn('../etc/passwd')), undefined);
  assert.equal(functionNameOf(arn('.hidden')), undefined);
  assert.equal(functionNameOf(arn('a/b')), undefined);
});

test('without a folder every function is unavailable', async () => {
  const outcome = await createFunctions().invoke(arn('any'), {});
  assert.equal(outcome.kind, 'unavailable');
});

test('async, callback, context.succeed and context.fail handlers', async () => {
  write('asyncok.mjs', 'export const handler = async (e) => ({ ...e, seen: true });');
  write('cb.cjs', 'exports.handler = (e, c, cb) => setTimeout(() => cb(null, { cb: e.n }), 1);');
  write('cberr.cjs', "exports.handler = (e, c, cb) => cb('Bad password');");
  write(
    'succeed.cjs',
    'exports.handler = (e, c) => c.succeed({ left: c.getRemainingTimeInMillis() > 0 });',
  );
  write('fail.mjs', "export const handler = (e, c) => c.fail(new Error('nope'));");
  write('throwsync.mjs', "export const handler = () => { throw new TypeError('boom'); };");
  const fns = createFunctions({ dir });
  assert.deepEqual(await fns.invoke(arn('asyncok'), { n: 1 }), {
    kind: 'result',
    value: { n: 1, seen: true },
  });
  assert.deepEqual(await fns.invoke(arn('cb'), { n: 2 }), { kind: 'result', value: { cb: 2 } });
  assert.deepEqual(await fns.invoke(arn('cberr'), {}), { kind: 'error', message: 'Bad password' });
  assert.deepEqual(await fns.invoke(arn('succeed'), {}), {
    kind: 'result',
    value: { left: true },
  });
  assert.deepEqual(await fns.invoke(arn('fail'), {}), { kind: 'error', message: 'nope' });
  assert.deepEqual(await fns.invoke(arn('throwsync'), {}), { kind: 'error', message: 'boom' });
});

test('the handler gets a copy of the event, and a module without handler is unavailable', async () => {
  write('mutate.mjs', 'export const handler = async (e) => { e.x = 2; return e; };');
  write('nohandler.mjs', 'export const other = 1;');
  const fns = createFunctions({ dir });
  const event = { x: 1 };
  await fns.invoke(arn('mutate'), event);
  assert.deepEqual(event, { x: 1 });
  const outcome = await fns.invoke(arn('nohandler'), {});
  assert.equal(outcome.kind, 'unavailable');
  assert.match((outcome as { detail: string }).detail, /exports no handler function/);
});

test('a handler that does not finish in time times out', async () => {
  write('forever.mjs', 'export const handler = () => new Promise(() => {});');
  const outcome = await createFunctions({ dir, timeoutMs: 50 }).invoke(arn('forever'), {});
  assert.deepEqual(outcome, { kind: 'timeout' });
});

test('invokeTrigger maps outcomes to Cognito errors', async () => {
  write('echo.mjs', 'export const handler = async (e) => e;');
  write('noresponse.mjs', 'export const handler = async (e) => ({ ...e, response: null });');
  write('bad.mjs', "export const handler = async () => { throw new Error('Denied.'); };");
  const ctx = { functions: createFunctions({ dir }) };
  const event = triggerEvent(
    { region: 'eu-west-1' },
    {
      triggerSource: 'PreSignUp_SignUp',
      userPoolId: 'eu-west-1_abc',
      userName: 'u',
      clientId: 'c',
      request: {},
      response: {},
    },
  );
  assert.deepEqual(await invokeTrigger(ctx, 'PreSignUp', arn('echo'), event), event);
  await assert.rejects(invokeTrigger(ctx, 'PreSignUp', arn('noresponse'), event), {
    code: 'InvalidLambdaResponseException',
    message: 'Unrecognizable lambda output',
  });
  await assert.rejects(invokeTrigger(ctx, 'PreSignUp', arn('bad'), event), {
    code: 'UserLambdaValidationException',
    message: 'PreSignUp failed with error Denied.',
  });
  await assert.rejects(invokeTrigger(ctx, 'PreSignUp', arn('absent'), event), {
    code: 'UnexpectedLambdaException',
    message: `PreSignUp invocation failed due to error Function not found: ${arn('absent')}.`,
  });
});
