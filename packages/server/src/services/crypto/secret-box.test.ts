import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { open, seal } from './secret-box.ts';

const ctx = { serverSecret: randomBytes(32) };

test('a sealed secret opens for its user only, and never shows the secret', () => {
  const sealed = seal(ctx, 'totp secret', 'user-1', 'JBSWY3DPEHPK3PXP');
  assert.match(sealed, /^v1\.[\w-]+$/);
  assert.ok(!sealed.includes('JBSWY3DPEHPK3PXP'));
  assert.equal(open(ctx, 'totp secret', 'user-1', sealed), 'JBSWY3DPEHPK3PXP');
  assert.notEqual(
    seal(ctx, 'totp secret', 'user-1', 'JBSWY3DPEHPK3PXP'),
    sealed,
    'a fresh IV each time',
  );
  assert.throws(() => open(ctx, 'totp secret', 'user-2', sealed));
  assert.throws(() => open({ serverSecret: randomBytes(32) }, 'totp secret', 'user-1', sealed));
});

test('a value altered at rest does not open', () => {
  const sealed = seal(ctx, 'totp secret', 'user-1', 'JBSWY3DPEHPK3PXP');
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  raw[raw.length - 1] ^= 1;
  assert.throws(() => open(ctx, 'totp secret', 'user-1', `v1.${raw.toString('base64url')}`));
  assert.throws(() => open(ctx, 'totp secret', 'user-1', 'v2.abc'));
});

test('each purpose has its own key', () => {
  const sealed = seal(ctx, 'totp secret', 'user-1', 'JBSWY3DPEHPK3PXP');
  assert.throws(() => open(ctx, 'custom challenge', 'user-1', sealed));
});
