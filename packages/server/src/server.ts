import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import {
  type AccessKey,
  ensureServerSecret,
  ensureShared,
  writeCredentialFiles,
} from './bootstrap.ts';
import {
  type Config,
  dataDirOf,
  describeStore,
  httpsUrlOf,
  isLoopback,
  publicUrlOf,
} from './config.ts';
import { secureDataDir } from './data-dir.ts';
import { createLogger } from './log.ts';
import type { UserPool, UserPoolClient } from './model/user-pool.ts';
import { acceptTls } from './protocols/http/tls.ts';
import { tlsCertificates } from './protocols/http/tls-certificates.ts';
import { type Clock, type Context, systemClock } from './services/context.ts';
import { installMasterKey } from './services/crypto/master-key-setup.ts';
import { loadMasterKey } from './services/crypto/master-key-source.ts';
import { randomPooled } from './services/crypto/random-pool.ts';
import { createDelivery } from './services/delivery/index.ts';
import { CustomDomains } from './services/domains/custom-domains.ts';
import { sweepExpired } from './services/housekeeping.ts';
import { closeRateLimits, createRateLimits } from './services/rate-limits/index.ts';
import { createFunctions } from './services/triggers/index.ts';
import { type Db, openDatabase } from './store/open.ts';
import { QueryStats, queryStatsRequested } from './store/query-stats.ts';
import type { Fsync } from './store/sqlite-durability.ts';

/** How often expired sign-in sessions and codes are deleted. */
const SWEEP_INTERVAL_MS = 60_000;

/** A running server. */
export interface RunningServer {
  app: FastifyInstance;
  /** Base URL it answers on (the public URL). */
  url: string;
  /** The same server over https (one port speaks both), unless `tls.enabled` is off. */
  httpsUrl?: string;
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

/** Whether `/_dev/outbox` is served: on unless turned off, and only on a loopback bind or in dev mode. */
export function servesDevOutbox(config: Config): boolean {
  return config.devOutbox && (config.dev || isLoopback(config.host));
}

/**
 * Opens the database, prepares secrets, keys and the default pool, and starts listening.
 * `clock`, `log` and the SQLite WAL's `flushFile` can be replaced by tests.
 */
export async function startServer(
  config: Config,
  opts: { clock?: Clock; log?: Logger; flushFile?: Fsync } = {},
): Promise<RunningServer> {
  checkSafety(config);
  const log = opts.log ?? createLogger({ level: config.logLevel, format: config.logFormat });
  const clock = opts.clock ?? systemClock;
  const dataDir = dataDirOf(config);
  // The folder holds the credentials files (and the SQLite file): only its owner may read it.
  secureDataDir(dataDir, { allowInsecure: config.allowInsecureDataDir });
  const masterKey = loadMasterKey({ ...config, dataDir });
  const queryStats = queryStatsRequested() ? new QueryStats() : undefined;
  const db = await openDatabase({
    dataDir,
    queryStats,
    database: config.database,
    onIdleError: (err) => log.warn({ err }, 'database connection lost'),
    flushFile: opts.flushFile,
  });
  try {
    // Secrets are sealed with the master key: a wrong key stops here, before anything is served.
    await installMasterKey(db, masterKey);
    if (masterKey.generated && !isLoopback(config.host)) {
      log.warn(
        { keyFile: masterKey.source },
        'the master key sealing secrets at rest is a generated file; on a server, set COGNATE_MASTER_KEY or COGNATE_MASTER_KEY_FILE (kept apart from the data and its backups)',
      );
    }
    return await startOn(db, config, { clock, log, dataDir, queryStats });
  } catch (err) {
    await db.destroy();
    throw err;
  }
}

async function startOn(
  db: Db,
  config: Config,
  {
    clock,
    log,
    dataDir,
    queryStats,
  }: { clock: Clock; log: Logger; dataDir: string; queryStats?: QueryStats },
): Promise<RunningServer> {
  log.info({ store: describeStore(config) }, 'store opened');
  const serverSecret = await ensureServerSecret(db);
  if (config.dev) {
    log.warn(
      'DEV MODE: management calls are accepted with ANY access key. Never use this in production.',
    );
  }
  const ctx: Context = {
    db,
    clock,
    random: randomPooled,
    log,
    publicUrl: publicUrlOf(config),
    region: config.region,
    signingRegions: config.regions,
    accountId: '000000000000',
    serverSecret,
    delivery: createDelivery(
      config.smtp.host ? { ...config.smtp, host: config.smtp.host } : undefined,
      log,
      { keepCodes: servesDevOutbox(config) },
    ),
    functions: createFunctions({
      dir: config.functionsDir,
      webhookSecret: config.webhookSecret,
    }),
    customDomains: new CustomDomains(config.customDomainCerts),
    providerEndpoints: config.providerEndpoints,
    credentialsKey: config.credentialsKey
      ? Buffer.from(config.credentialsKey, 'base64')
      : undefined,
    credentialsTtlSeconds: config.credentialsTtlSeconds,
    rateLimits: config.rateLimits.enabled ? await createRateLimits(config.rateLimits) : undefined,
  };
  // Admin key and default pool: made once for every instance sharing the database.
  const { accessKey, defaults } = await ensureShared(ctx, { seed: config.seed });
  const app = buildApp(ctx, {
    bodyLimit: config.bodyLimit,
    dev: config.dev,
    devOutbox: servesDevOutbox(config),
    queryStats,
    console: {
      loopback: isLoopback(config.host),
      sessionTtlSeconds: config.consoleSessionTtlSeconds,
      trustProxy: config.consoleTrustProxy,
    },
  });
  if (config.tls.enabled) {
    // A custom domain's client names it (SNI) and gets the domain's certificate.
    const certificateFor = (name: string) => ctx.customDomains?.certificateFor(name);
    acceptTls(app.server, tlsCertificates({ ...config.tls, dataDir, log, certificateFor }), log);
  }
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // With port 0 the public URL is only known now.
  ctx.publicUrl = publicUrlOf(config, port);
  const files = writeCredentialFiles(dataDir, accessKey, config.region, ctx.publicUrl);
  const sweeper = setInterval(() => {
    sweepExpired(ctx, config.retention).catch((err) =>
      log.warn({ err }, 'sweeping expired sessions failed'),
    );
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
  return {
    app,
    url: ctx.publicUrl,
    httpsUrl: httpsUrlOf(config, port),
    db,
    ctx,
    accessKey,
    credentialsFile: files.credentials,
    defaults,
    async close() {
      clearInterval(sweeper);
      await app.close();
      await closeRateLimits(ctx.rateLimits);
      await db.destroy();
    },
  };
}
