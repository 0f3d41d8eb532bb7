import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { UserPool, UserPoolClient } from './model/user-pool.ts';
import type { Context } from './services/context.ts';
import { createUserPool, createUserPoolClient } from './services/user-pools/index.ts';
import { isUniqueViolation } from './store/errors.ts';
import type { Db } from './store/open.ts';
import {
  getServerSecret,
  insertAccessKey,
  listAccessKeys,
  putServerSecret,
} from './store/repositories/keys.ts';
import { lockServerSecret } from './store/repositories/locks.ts';
import { listClients, listPools } from './store/repositories/user-pools.ts';

/** The server-wide HMAC secret, made once and kept in the database (shared by all instances). */
export async function ensureServerSecret(db: Db): Promise<Buffer> {
  const existing = await getServerSecret(db, 'hmac');
  if (existing) return Buffer.from(existing, 'hex');
  const secret = randomBytes(32).toString('hex');
  try {
    await putServerSecret(db, 'hmac', secret);
  } catch (err) {
    // Another instance starting at the same time stored its secret first: use that one.
    if (!isUniqueViolation(err)) throw err;
  }
  return Buffer.from((await getServerSecret(db, 'hmac')) ?? secret, 'hex');
}

/**
 * What every instance sharing a database needs once, made exactly once however many instances
 * start together: the admin access key and, with `seed`, the default pool and client. Runs in
 * one transaction holding a lock on the server secret row (so `ensureServerSecret` first): the
 * instances that wait for it then find what the first one made.
 */
export async function ensureShared(
  ctx: Context,
  opts: { seed: boolean },
): Promise<{ accessKey: AccessKey; defaults?: { pool: UserPool; client: UserPoolClient } }> {
  return ctx.db.transaction().execute(async (trx) => {
    await lockServerSecret(trx, 'hmac');
    const tctx = { ...ctx, db: trx };
    const accessKey = await ensureAccessKey(trx, ctx.clock.now());
    const defaults = opts.seed ? await ensureDefaultPool(tctx) : undefined;
    return { accessKey, defaults };
  });
}

/** An AWS-style access key pair for management calls. */
export interface AccessKey {
  accessKeyId: string;
  secret: string;
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Ensures an admin access key exists; the first start makes one. */
export async function ensureAccessKey(db: Db, now: number): Promise<AccessKey> {
  const [existing] = await listAccessKeys(db);
  if (existing) return existing;
  const id = `AKCG${Array.from(randomBytes(16), (b) => KEY_ALPHABET[b % 32]).join('')}`;
  const key = { accessKeyId: id, secret: randomBytes(30).toString('base64').replace(/[+/]/g, 'x') };
  await insertAccessKey(db, { ...key, createdAt: now });
  return key;
}

/**
 * Writes `<dataDir>/credentials` (profile `cognate`) and `<dataDir>/config`, mode 0600, so
 * `AWS_SHARED_CREDENTIALS_FILE=.cognate/credentials AWS_PROFILE=cognate` works for the AWS SDK
 * and `AWS_CONFIG_FILE=.cognate/config` adds the endpoint for the AWS CLI.
 */
export function writeCredentialFiles(
  dataDir: string,
  key: AccessKey,
  region: string,
  endpoint: string,
): { credentials: string; config: string } {
  const credentials = path.join(dataDir, 'credentials');
  const config = path.join(dataDir, 'config');
  const write = (file: string, text: string) => {
    writeFileSync(file, text, { mode: 0o600 });
    chmodSync(file, 0o600);
  };
  write(
    credentials,
    `[cognate]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secret}\nregion = ${region}\n`,
  );
  write(config, `[profile cognate]\nregion = ${region}\nendpoint_url = ${endpoint}\n`);
  return { credentials, config };
}

/**
 * On first start, creates the default pool (email as username, verified by code) and a web
 * client without a secret, as a new Amplify project would have. Run it in a transaction.
 */
export async function ensureDefaultPool(
  ctx: Context,
): Promise<{ pool: UserPool; client: UserPoolClient } | undefined> {
  const [first] = await listPools(ctx.db, 1);
  if (first) {
    const [client] = await listClients(ctx.db, first.id, 1);
    return client ? { pool: first, client } : undefined;
  }
  const pool = await createUserPool(ctx, {
    PoolName: 'cognate-default',
    UsernameAttributes: ['email'],
    AutoVerifiedAttributes: ['email'],
    UsernameConfiguration: { CaseSensitive: false },
    Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
  });
  const client = await createUserPoolClient(ctx, {
    UserPoolId: pool.id,
    ClientName: 'web',
    GenerateSecret: false,
    ExplicitAuthFlows: [
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_CUSTOM_AUTH',
    ],
    PreventUserExistenceErrors: 'ENABLED',
    EnableTokenRevocation: true,
  });
  return { pool, client };
}

/** The `aws-exports.js` text for a pool and client, pointing Amplify at this server. */
export function awsExportsSnippet(
  region: string,
  pool: UserPool,
  client: UserPoolClient,
  endpoint: string,
) {
  const exportsObject = {
    aws_project_region: region,
    aws_cognito_region: region,
    aws_user_pools_id: pool.id,
    aws_user_pools_web_client_id: client.id,
    aws_cognito_username_attributes: (pool.settings.UsernameAttributes ?? []).map((a: string) =>
      a.toUpperCase(),
    ),
    aws_cognito_signup_attributes: ['EMAIL'],
    aws_cognito_mfa_configuration: 'OFF',
    aws_cognito_verification_mechanisms: (pool.settings.AutoVerifiedAttributes ?? []).map(
      (a: string) => a.toUpperCase(),
    ),
    Auth: { endpoint },
  };
  return `const awsmobile = ${JSON.stringify(exportsObject, null, 2)};\nexport default awsmobile;\n`;
}
