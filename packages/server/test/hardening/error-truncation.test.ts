// Finding 11 (issue 18): a validation error echoed a 20,000-character ClientName into
// x-amzn-errormessage (a 70 KB header) and the AWS SDK failed with HPE_HEADER_OVERFLOW instead of
// InvalidParameterException. Echoed values are cut, and the message bounded.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { boundMessage, ECHO_LIMIT, MESSAGE_LIMIT } from '../../src/protocols/cognito-idp/render.ts';
import {
  createPool,
  rejects,
  signedPost,
  startTestServer,
  type TestServer,
} from '../support/index.ts';

let t: TestServer;
let poolId: string;
before(async () => {
  t = await startTestServer();
  poolId = (await createPool(t)).Id;
});
after(() => t.close());

test('a 20,000-character ClientName: the AWS SDK gets InvalidParameterException', async () => {
  const name = 'n'.repeat(20_000);
  const err = await rejects(
    t.admin.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: name })),
    'InvalidParameterException',
  );
  assert.ok(err.message.length <= MESSAGE_LIMIT, `message of ${err.message.length} characters`);
  assert.ok(err.message.includes(`Value '${'n'.repeat(ECHO_LIMIT)}...' at 'clientName'`));
  assert.match(err.message, /Member must have length less than or equal to 128/);
});

test('the header and the body carry the same bounded message', async () => {
  const body = JSON.stringify({ UserPoolId: poolId, ClientName: 'x'.repeat(50_000) });
  const res = await signedPost(t, 'CreateUserPoolClient', body);
  assert.equal(res.status, 400);
  const header = String(res.headers.get('x-amzn-errormessage'));
  assert.ok(header.length <= MESSAGE_LIMIT);
  assert.equal(res.body.message, header);
});

test('short values and messages are left whole', () => {
  const short =
    "1 validation error detected: Value 'abc' at 'clientName' failed to satisfy constraint: x";
  assert.equal(boundMessage(short), short);
  assert.equal(boundMessage('y'.repeat(MESSAGE_LIMIT)).length, MESSAGE_LIMIT);
  assert.equal(boundMessage('y'.repeat(MESSAGE_LIMIT + 10)).length, MESSAGE_LIMIT);
});
