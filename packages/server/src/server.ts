import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { buildApp } from './app.ts';
import {
  type AccessKey,
  ensureAccessKey,
  ensureDefaultPool,
  ensureServerSecret,
  writeCredentialFiles,
} from './bootstrap.ts';
import { type Config, dataDirOf, isLoopback, publicUrlOf } from './config.ts';
import { type Clock, type Context, systemClock } from './services/context.ts';
import { createDelivery } from './services/messages.ts';
import type { UserPool, UserPoolClient } from './services/model.ts';
import { type Db, openSqlite } from './store/open.ts';

/** A running server. */
export interface RunningServer {
  app: FastifyInstance;
  /** Base URL it answers on (the public URL). */
  url: string;
  db: Db;
  ctx: Context;
  accessKey: AccessKey;
  credentialsFile: string;
  /** The default pool and client, when seeding is on. */
  defaults?: { pool: UserPool; client: UserPoolClient };
  close(): Promise<void>;
}

/** Refuses configurations that would be unsafe, with a message that says what to change. */
export function checkSafety(config: Config): void {
  if (config.dev && !isLoopback(config.host)) {
    throw new Error(
      `dev mode accepts any access key and is refused on a non-loopback bind (${config.host}). ` +
        'Bind to 127.0.0.1 or turn dev mode off.',
    );
  }
}

/**
 * Opens the database, prepares secrets, keys and the default pool, and starts listening.
 * `clock` and `log` can be replaced by tests.
 */
export async function startServer(
  config: Config,
  opts: { clock?: Clock; log?: Logger } = {},
): Promise<RunningServer> {
  checkSafety(config);
  const log = opts.log ?? pino({ level: config.logLevel, redact: ['req.headers.authorization'] });
  const clock = opts.clock ?? systemClock;
  const dataDir = dataDirOf(config);
  const db = await openSqlite(path.join(dataDir, 'cognate.sqlite'));
  const serverSecret = await ensureServerSecret(db);
  const accessKey = await ensureAccessKey(db, clock.now());
  if (config.dev) {
    log.warn(
      'DEV MODE: management calls are accepted with ANY access key. Never use this in production.',
    );
  }
  const ctx: Context = {
    db,
    clock,
    random: (n) => randomBytes(n),
    log,
    publicUrl: publicUrlOf(config),
    region: config.region,
    accountId: '000000000000',
    serverSecret,
    delivery: createDelivery(
      config.smtp.host ? { ...config.smtp, host: config.smtp.host } : undefined,
      log,
    ),
  };
  const app = buildApp(ctx, {
    bodyLimit: config.bodyLimit,
    dev: config.dev,
    devOutbox: config.dev || isLoopback(config.host),
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // With port 0 the public URL is only known now.
  ctx.publicUrl = publicUrlOf(config, port);
  const files = writeCredentialFiles(dataDir, accessKey, config.region, ctx.publicUrl);
  const defaults = config.seed ? await ensureDefaultPool(ctx) : undefined;
  return {
    app,
    url: ctx.publicUrl,
    db,
    ctx,
    accessKey,
    credentialsFile: files.credentials,
    defaults,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}
