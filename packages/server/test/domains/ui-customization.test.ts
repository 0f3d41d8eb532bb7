import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  GetUICustomizationCommand,
  SetUICustomizationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { uiCustomizationFor } from '../../src/services/ui-customization/index.ts';
import {
  createClient,
  createPool,
  rejects,
  startTestServer,
  type TestServer,
} from '../support/index.ts';

// A 1×1 PNG and the first bytes of a JPEG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
const CSS =
  '.logo-customizable { max-width: 60%; }\n.submitButton-customizable:hover { background-color: #123456; }';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

test('pool-wide customization round trip, logo served at its ImageUrl', async () => {
  const pool = await createPool(t);
  const set = await t.admin.send(
    new SetUICustomizationCommand({ UserPoolId: pool.Id, CSS, ImageFile: PNG }),
  );
  const c = set.UICustomization;
  assert.equal(c?.UserPoolId, pool.Id);
  assert.equal(c?.ClientId, 'ALL');
  assert.equal(c?.CSS, CSS);
  assert.ok(c?.CSSVersion);
  assert.ok(c?.CreationDate instanceof Date);
  assert.ok(c?.LastModifiedDate instanceof Date);
  assert.match(
    c?.ImageUrl ?? '',
    new RegExp(`^${t.url}/ui-customization/${pool.Id}/ALL/[0-9a-f]{32}\\.png$`),
  );

  const got = await t.admin.send(new GetUICustomizationCommand({ UserPoolId: pool.Id }));
  assert.equal(got.UICustomization?.CSS, CSS);
  assert.equal(got.UICustomization?.ImageUrl, c?.ImageUrl);

  const res = await fetch(c?.ImageUrl as string);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/png');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), PNG);

  // A new logo: a new URL; the old one is gone.
  const again = await t.admin.send(
    new SetUICustomizationCommand({ UserPoolId: pool.Id, ClientId: 'ALL', ImageFile: JPEG }),
  );
  const jpgUrl = again.UICustomization?.ImageUrl as string;
  assert.match(jpgUrl, /\.jpg$/);
  assert.notEqual(jpgUrl, c?.ImageUrl);
  assert.equal((await fetch(c?.ImageUrl as string)).status, 404);
  const jpg = await fetch(jpgUrl);
  assert.equal(jpg.headers.get('content-type'), 'image/jpeg');
  // Set replaces: the CSS left out is gone.
  assert.equal(again.UICustomization?.CSS, undefined);
  assert.equal(again.UICustomization?.CreationDate?.getTime(), c?.CreationDate?.getTime());

  assert.equal((await fetch(`${t.url}/ui-customization/${pool.Id}/ALL/nothing.png`)).status, 404);
});

test("a client has its own customization, else the pool's, else none", async () => {
  const pool = await createPool(t);
  const a = await createClient(t, pool.Id);
  const b = await createClient(t, pool.Id);
  const empty = await t.admin.send(
    new GetUICustomizationCommand({ UserPoolId: pool.Id, ClientId: a.ClientId }),
  );
  assert.deepEqual(empty.UICustomization, {});
  assert.deepEqual(await uiCustomizationFor(t.server.ctx, pool.Id, a.ClientId), {});

  await t.admin.send(new SetUICustomizationCommand({ UserPoolId: pool.Id, CSS }));
  const own = '.banner-customizable { background-color: white; }';
  await t.admin.send(
    new SetUICustomizationCommand({
      UserPoolId: pool.Id,
      ClientId: a.ClientId,
      CSS: own,
      ImageFile: PNG,
    }),
  );
  const forA = await t.admin.send(
    new GetUICustomizationCommand({ UserPoolId: pool.Id, ClientId: a.ClientId }),
  );
  assert.equal(forA.UICustomization?.ClientId, a.ClientId);
  assert.equal(forA.UICustomization?.CSS, own);
  const forB = await t.admin.send(
    new GetUICustomizationCommand({ UserPoolId: pool.Id, ClientId: b.ClientId }),
  );
  assert.equal(forB.UICustomization?.ClientId, 'ALL');
  assert.equal(forB.UICustomization?.CSS, CSS);

  const pagesA = await uiCustomizationFor(t.server.ctx, pool.Id, a.ClientId);
  assert.equal(pagesA.css, own);
  assert.equal(pagesA.imageUrl, forA.UICustomization?.ImageUrl);
  assert.deepEqual(await uiCustomizationFor(t.server.ctx, pool.Id, b.ClientId), { css: CSS });
});

test('refused: unknown pool or client, CSS outside the customizable classes or loading things, images that are not PNG or JPEG, too large', async () => {
  const pool = await createPool(t);
  const other = await createPool(t);
  const foreign = await createClient(t, other.Id);
  await rejects(
    t.admin.send(new SetUICustomizationCommand({ UserPoolId: 'us-east-1_Missing00', CSS })),
    'ResourceNotFoundException',
  );
  await rejects(
    t.admin.send(
      new SetUICustomizationCommand({ UserPoolId: pool.Id, ClientId: foreign.ClientId, CSS }),
    ),
    'ResourceNotFoundException',
  );
  for (const bad of [
    '.logo-customizable { background: url(https://evil.example/x.png); }',
    '@import "https://evil.example/x.css";',
    '.logo-customizable { width: expression(alert(1)); }',
    '.logo-customizable { color: red; } </style><script>alert(1)</script>',
    '.logo-customizable { background: \\75 rl(x); }',
    'body { color: red; }',
    '.logo-customizable { color: red; ',
    '.logo-customizable, .not-a-class { color: red; }',
  ]) {
    await rejects(
      t.admin.send(new SetUICustomizationCommand({ UserPoolId: pool.Id, CSS: bad })),
      'InvalidParameterException',
      /^CSS is invalid/,
    );
  }
  await rejects(
    t.admin.send(
      new SetUICustomizationCommand({ UserPoolId: pool.Id, CSS: `/*${'x'.repeat(131072)}*/` }),
    ),
    'InvalidParameterException',
    /cSS|CSS/,
  );
  await rejects(
    t.admin.send(
      new SetUICustomizationCommand({ UserPoolId: pool.Id, ImageFile: Buffer.from('GIF89a....') }),
    ),
    'InvalidParameterException',
    'The image file must be a PNG or JPEG image.',
  );
  await rejects(
    t.admin.send(
      new SetUICustomizationCommand({
        UserPoolId: pool.Id,
        ImageFile: Buffer.concat([PNG, Buffer.alloc(131072)]),
      }),
    ),
    'InvalidParameterException',
    /imageFile/,
  );
  const got = await t.admin.send(new GetUICustomizationCommand({ UserPoolId: pool.Id }));
  assert.deepEqual(got.UICustomization, {}, 'nothing was stored');
});

test('DeleteUserPool removes its customization and logo', async () => {
  const pool = await createPool(t);
  const set = await t.admin.send(
    new SetUICustomizationCommand({ UserPoolId: pool.Id, ImageFile: PNG }),
  );
  await t.admin.send(new DeleteUserPoolCommand({ UserPoolId: pool.Id }));
  assert.equal((await fetch(set.UICustomization?.ImageUrl as string)).status, 404);
});

test("DeleteUserPoolClient removes the client's customization", async () => {
  const pool = await createPool(t);
  const client = await createClient(t, pool.Id);
  const set = await t.admin.send(
    new SetUICustomizationCommand({
      UserPoolId: pool.Id,
      ClientId: client.ClientId,
      ImageFile: PNG,
    }),
  );
  await t.admin.send(
    new DeleteUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }),
  );
  assert.equal((await fetch(set.UICustomization?.ImageUrl as string)).status, 404);
});
