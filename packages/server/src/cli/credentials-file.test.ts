import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { CredentialsFileError, credentialsFromIni, readProfile } from './credentials-file.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cognate-credentials-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const INI = `[default]
aws_access_key_id = DEFAULTKEY
aws_secret_access_key = default-secret

[cognate]
aws_access_key_id=AKCOGNATE
aws_secret_access_key = s3cr3t/+=
`;

test('a profile of an INI text gives its key pair; another profile does not leak into it', () => {
  assert.deepEqual(credentialsFromIni(INI, 'cognate'), {
    accessKeyId: 'AKCOGNATE',
    secretAccessKey: 's3cr3t/+=',
  });
  assert.equal(credentialsFromIni(INI, 'missing'), undefined);
  assert.equal(credentialsFromIni('[x]\r\naws_access_key_id = A\r\n', 'x'), undefined);
});

test('readProfile says whether the file or the key is missing', () => {
  const file = path.join(dir, 'credentials');
  writeFileSync(file, INI);
  assert.equal(readProfile(file, 'cognate').accessKeyId, 'AKCOGNATE');
  const fails = (f: string, profile: string, reason: string, message: string) =>
    assert.throws(
      () => readProfile(f, profile),
      (err: unknown) =>
        err instanceof CredentialsFileError && err.reason === reason && err.message === message,
    );
  const none = path.join(dir, 'none');
  fails(none, 'cognate', 'no-file', `no credentials file at ${none}`);
  fails(file, 'other', 'no-key', `profile "other" in ${file} has no access key`);
});
