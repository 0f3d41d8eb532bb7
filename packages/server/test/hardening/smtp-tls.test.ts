// Finding 6 (issue 18): SMTP did not verify certificates, so a server with a self-signed
// certificate for another name received the SMTP password and the codes. It is verified now, over
// implicit TLS and STARTTLS; smtp.allowInvalidCertificates relaxes it for a local relay.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';
import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import pino from 'pino';
import { generate } from 'selfsigned';
import { SMTPServer } from 'smtp-server';
import { defaults } from '../../src/config.ts';
import { startServer } from '../../src/server.ts';
import { mustEncrypt } from '../../src/services/delivery/messages.ts';
import { createTestDatabase } from '../support/index.ts';

let cert: { key: string; cert: string };
before(async () => {
  const made = await generate([{ name: 'commonName', value: 'mail.other.example' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'mail.other.example' }] }],
  });
  cert = { key: made.private, cert: made.cert };
});

/**
 * An SMTP server with the foreign certificate that records logins and mails; `plain`: one that
 * offers no STARTTLS at all.
 */
async function startTlsSmtp(secure: boolean, plain = false) {
  const seen = { auth: [] as string[], mails: 0 };
  const server = new SMTPServer({
    secure,
    ...(plain
      ? { hideSTARTTLS: true, allowInsecureAuth: true }
      : { key: cert.key, cert: cert.cert }),
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      seen.auth.push(`${auth.username}:${auth.password}`);
      callback(null, { user: auth.username });
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        seen.mails++;
        callback();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    seen,
    port: (server.server.address() as { port: number }).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Starts Cognate mailing through `port`, sends one invitation email, waits, and stops. */
async function sendOneMail(
  port: number,
  secure: boolean,
  allowInvalidCertificates: boolean,
  requireTls?: boolean,
) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cognate-smtp-'));
  const db = await createTestDatabase();
  const warnings: string[] = [];
  const log = pino({ level: 'warn' }, { write: (l: string) => void warnings.push(l) });
  const server = await startServer(
    {
      ...defaults,
      port: 0,
      dataDir,
      database: db.url,
      seed: false,
      smtp: {
        ...defaults.smtp,
        host: '127.0.0.1',
        port,
        secure,
        user: 'cognate',
        password: 'smtp-password',
        allowInvalidCertificates,
        requireTls,
      },
    },
    { log },
  );
  const admin = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: server.url,
    credentials: {
      accessKeyId: server.accessKey.accessKeyId,
      secretAccessKey: server.accessKey.secret,
    },
  });
  try {
    const pool = await admin.send(new CreateUserPoolCommand({ PoolName: 'smtp' }));
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.UserPool?.Id,
        Username: 'someone',
        UserAttributes: [{ Name: 'email', Value: 'someone@example.com' }],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
    await new Promise((r) => setTimeout(r, 1500));
  } finally {
    admin.destroy();
    await server.close();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return warnings.join('');
}

for (const secure of [true, false]) {
  const mode = secure ? 'implicit TLS' : 'STARTTLS';
  test(`${mode}: a certificate for another name gets neither the password nor the mail`, async () => {
    const smtp = await startTlsSmtp(secure);
    try {
      const warnings = await sendOneMail(smtp.port, secure, false);
      assert.deepEqual(smtp.seen.auth, []);
      assert.equal(smtp.seen.mails, 0);
      assert.match(warnings, /email delivery failed/);
    } finally {
      await smtp.close();
    }
  });

  test(`${mode}: with smtp.allowInvalidCertificates the mail goes, and start says so loudly`, async () => {
    const smtp = await startTlsSmtp(secure);
    try {
      const warnings = await sendOneMail(smtp.port, secure, true);
      assert.deepEqual(smtp.seen.auth, ['cognate:smtp-password']);
      assert.equal(smtp.seen.mails, 1);
      assert.match(warnings, /SMTP CERTIFICATES ARE NOT VERIFIED/);
    } finally {
      await smtp.close();
    }
  });
}

test('a server without STARTTLS gets nothing when TLS is required', async () => {
  const smtp = await startTlsSmtp(false, true);
  try {
    const warnings = await sendOneMail(smtp.port, false, false, true);
    assert.deepEqual(smtp.seen.auth, []);
    assert.equal(smtp.seen.mails, 0);
    assert.match(warnings, /email delivery failed/);
  } finally {
    await smtp.close();
  }
});

test('unset, TLS is required for any host but a loopback one (a local relay)', async () => {
  assert.equal(mustEncrypt({ host: 'smtp.example.com' }), true);
  assert.equal(mustEncrypt({ host: '10.0.0.5' }), true);
  assert.equal(mustEncrypt({ host: '127.0.0.1' }), false);
  assert.equal(mustEncrypt({ host: 'localhost' }), false);
  assert.equal(mustEncrypt({ host: '[::1]' }), false);
  assert.equal(mustEncrypt({ host: 'localhost', requireTls: true }), true);
  assert.equal(mustEncrypt({ host: 'smtp.example.com', requireTls: false }), false);
  // A plain relay on loopback still gets the mail by default.
  const smtp = await startTlsSmtp(false, true);
  try {
    await sendOneMail(smtp.port, false, false);
    assert.equal(smtp.seen.mails, 1);
  } finally {
    await smtp.close();
  }
});
