import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  PROVIDER_PRESETS,
  type ProviderEndpointOverrides,
} from './services/federation/endpoint-overrides.ts';

/**
 * Cognate server configuration. Every key can come from a JSON config file (`--config`), an
 * environment variable (named beside each key) or a command-line flag; flags beat environment,
 * environment beats the file, the file beats the defaults.
 */
export interface Config {
  /** TCP port to listen on. Env `COGNATE_PORT`. @default 9229 */
  port: number;
  /** Address to bind. Env `COGNATE_HOST`. @default '127.0.0.1' */
  host: string;
  /**
   * Public base URL clients reach the server at; token issuers are `<publicUrl>/<userPoolId>`.
   * Env `COGNATE_PUBLIC_URL`. @default `http://<host>:<port>`
   */
  publicUrl?: string;
  /** Folder for the SQLite database and generated credentials. Env `COGNATE_DATA_DIR`. @default './.cognate' */
  dataDir: string;
  /**
   * PostgreSQL database URL (`postgres://user:password@host:5432/name`, or `postgresql://`);
   * several instances may share one. Unset: the SQLite file `<dataDir>/cognate.sqlite`, one
   * instance. Env `COGNATE_DATABASE_URL`. @default unset (SQLite `<dataDir>/cognate.sqlite`)
   */
  database?: string;
  /** AWS region reported in ARNs and pool ids. Env `COGNATE_REGION`. @default 'us-east-1' */
  region: string;
  /**
   * Development mode: management calls accept any SigV4 access key. Refused on a non-loopback
   * bind. Env `COGNATE_DEV=1`. @default false
   */
  dev: boolean;
  /** Create a default user pool and web client on first start. Env `COGNATE_SEED=0` disables. @default true */
  seed: boolean;
  /** Outgoing mail. Without `smtp.host`, messages go to the dev outbox only. */
  smtp: {
    /** SMTP server host. Env `COGNATE_SMTP_HOST`. */
    host?: string;
    /** SMTP port. Env `COGNATE_SMTP_PORT`. @default 587 */
    port: number;
    /** Use TLS from the start (port 465 style). Env `COGNATE_SMTP_SECURE=1`. @default false */
    secure: boolean;
    /** SMTP user name. Env `COGNATE_SMTP_USER`. */
    user?: string;
    /** SMTP password. Env `COGNATE_SMTP_PASSWORD`. */
    password?: string;
    /** Sender address. Env `COGNATE_SMTP_FROM`. @default 'no-reply@cognate.local' */
    from: string;
    /**
     * Accept an SMTP server certificate that does not verify (self-signed, another name). Only
     * for a local relay: anyone in between could read the SMTP password and every code. Logged
     * as a warning at start. Env `COGNATE_SMTP_ALLOW_INVALID_CERTIFICATES=1`. @default false
     */
    allowInvalidCertificates: boolean;
    /**
     * Refuse to send unless the connection is encrypted: without `secure`, the server must offer
     * STARTTLS, or nothing (not even the password) is sent. Unset, it is required for every host
     * but a loopback one (a local relay such as a test mail catcher). Env
     * `COGNATE_SMTP_REQUIRE_TLS=1|0`.
     */
    requireTls?: boolean;
  };
  /** Largest request body accepted, in bytes. Env `COGNATE_BODY_LIMIT`. @default 1048576 */
  bodyLimit: number;
  /**
   * Server processes sharing the port (node:cluster), so crypto-bound sign-ins use every core;
   * `0` means one per core. Env `COGNATE_WORKERS`. @default 1
   */
  workers: number;
  /** Log level (pino). Env `COGNATE_LOG_LEVEL`. @default 'info' */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Log format: `pretty` (a line per event for people, sent codes highlighted), `json` (pino's
   * JSON lines), or `auto`: pretty when stdout is a terminal, JSON otherwise. Env
   * `COGNATE_LOG_FORMAT`. @default 'auto'
   */
  logFormat: 'auto' | 'pretty' | 'json';
  /**
   * Folder of trigger functions. A pool's LambdaConfig ARN
   * `arn:aws:lambda:<region>:<account>:function:<name>` runs the module `<name>.mjs`, `.js`,
   * `.cjs` or `.ts` there, which exports a Lambda-style `handler`. Unset: a pool with a trigger
   * fails the operations that run it with UnexpectedLambdaException. Env `COGNATE_FUNCTIONS_DIR`.
   * @default unset
   */
  functionsDir?: string;
  /**
   * Secret that signs the events POSTed to webhook triggers (an `https://` URL in place of a
   * Lambda ARN in a pool's LambdaConfig): header `X-Cognate-Signature: t=<unix>,v1=<hex>`, the
   * HMAC-SHA256 of `<t>.<body>`. At least 16 characters. Unset: webhook triggers fail with
   * UnexpectedLambdaException. Env `COGNATE_WEBHOOK_SECRET`. @default unset
   */
  webhookSecret?: string;
  /**
   * Certificates of pools' custom domains (CreateUserPoolDomain with a CustomDomainConfig), by
   * host name: the PEM certificate chain and private key files served to TLS clients that ask
   * for that name (SNI). A custom domain can only be created for a host listed here. Requests
   * whose Host is a pool's custom domain are served by that domain's endpoints and pages. Env
   * `COGNATE_CUSTOM_DOMAIN_CERTS`: `<host>=<cert file>,<key file>` entries separated by `;`
   * (`auth.example.com=certs/auth.pem,certs/auth.key`), or the JSON object
   * `{"auth.example.com":{"cert":"certs/auth.pem","key":"certs/auth.key"}}`.
   * @default unset (no custom domains)
   */
  customDomainCerts?: Record<string, { cert: string; key: string }>;
  /**
   * HTTPS on the same port as HTTP (the first byte of a connection tells them apart), so a
   * client that insists on `https://` (Amplify's `oauth.domain`) reaches the hosted UI. Without
   * `cert` and `key`, a self-signed certificate for `localhost`, `127.0.0.1` and `::1` is made on
   * the first https connection into `<dataDir>/tls/` and reused until it expires.
   */
  tls: {
    /**
     * Serve HTTPS as well. Turn it off behind a proxy that ends TLS itself. Env `COGNATE_TLS`
     * (`on` or `off`). @default true
     */
    enabled: boolean;
    /** PEM certificate chain file. Env `COGNATE_TLS_CERT`. @default unset (the dev certificate) */
    cert?: string;
    /** PEM private key file of `cert`. Env `COGNATE_TLS_KEY`. @default unset (the dev certificate) */
    key?: string;
  };
  /**
   * Where the social-provider presets (`Google`, `Facebook`, `LoginWithAmazon`,
   * `SignInWithApple`) send users and fetch tokens, in place of the providers' own endpoints,
   * so tests and air-gapped sites can stand in a provider of their own. A JSON object keyed by
   * preset, each with any of `authorize_url`, `token_url`, `attributes_url`, `jwks_uri` and
   * `issuer`; keys left out keep the preset's. Example:
   * `{"Google":{"authorize_url":"http://127.0.0.1:4000/auth","token_url":"http://127.0.0.1:4000/token","jwks_uri":"http://127.0.0.1:4000/jwks","issuer":"http://127.0.0.1:4000"}}`.
   * Env `COGNATE_PROVIDER_ENDPOINTS` (the same JSON). @default unset (the providers' own endpoints)
   */
  providerEndpoints?: ProviderEndpointOverrides;
  /**
   * Lifetime of the temporary credentials GetCredentialsForIdentity hands out, in seconds (AWS:
   * one hour). Env `COGNATE_CREDENTIALS_TTL`. @default 3600
   */
  credentialsTtlSeconds: number;
  /**
   * Key (base64, at least 32 bytes) that derives the secrets of identity-pool credentials and
   * signs their session tokens. Give every server behind one address, and any `@cognate/sigv4`
   * verifier checking requests offline, the same value. Changing it invalidates every issued
   * credential. Env `COGNATE_CREDENTIALS_KEY`. @default unset (derived from the server's secret)
   */
  credentialsKey?: string;
  /**
   * Rate limits (token buckets) of the unauthenticated operations and of the codes the server
   * sends. A limit is `<count>/<s|min|h>`: `count` at once, refilled evenly over the period;
   * `0` turns it off. Held in the database (or Redis), so they hold across instances.
   */
  rateLimits: {
    /** Apply them at all. Env `COGNATE_RATE_LIMITS=0` turns them off. @default true */
    enabled: boolean;
    /**
     * Keep the buckets in Redis (`redis://host:6379`) instead of the database. Env
     * `COGNATE_REDIS_URL`. @default unset (the database)
     */
    redisUrl?: string;
    /**
     * Sign-in, sign-up, code and identity requests per client IP address (TooManyRequestsException).
     * Env `COGNATE_RATE_LIMIT_PER_IP`. @default '20/s'
     */
    perIp: string;
    /** The same requests per app client (or identity pool). Env `COGNATE_RATE_LIMIT_PER_CLIENT`. @default '2000/s' */
    perClient: string;
    /** The same requests per user pool. Env `COGNATE_RATE_LIMIT_PER_POOL`. @default '5000/s' */
    perPool: string;
    /**
     * Codes sent to one user on request (ForgotPassword, AdminResetUserPassword,
     * ResendConfirmationCode, GetUserAttributeVerificationCode; LimitExceededException), as
     * Cognito's 5 an hour. Env `COGNATE_RATE_LIMIT_CODES_PER_USER`. @default '5/h'
     */
    codesPerUser: string;
    /** Code requests from one IP address. Env `COGNATE_RATE_LIMIT_CODES_PER_IP`. @default '100/h' */
    codesPerIp: string;
    /**
     * Leave loopback peers (this machine: development, tests, a proxy on the same host) out of
     * the per-IP limits. Env `COGNATE_RATE_LIMIT_EXEMPT_LOOPBACK`. @default true
     */
    exemptLoopback: boolean;
  };
  /**
   * Master key (32 bytes, base64 or hex) sealing the secrets in the database: client secrets,
   * signing keys' private halves, admin access keys' secrets and the server secret (which seals
   * TOTP secrets, federation client secrets and other sealed values). Give every instance sharing
   * a database the same key. Env `COGNATE_MASTER_KEY`. @default unset (`masterKeyFile`)
   */
  masterKey?: string;
  /**
   * File holding the master key (mode 0600; the current key first, older decrypt-only keys on the
   * lines after). Keep it outside the data folder. Env `COGNATE_MASTER_KEY_FILE`.
   * @default `.cognate-master-key` beside the data folder, made on first start
   */
  masterKeyFile?: string;
  /**
   * Previous master keys (comma-separated), opening values sealed before a rotation until they
   * are re-sealed with the new key at start. Env `COGNATE_MASTER_KEY_PREVIOUS`. @default unset
   */
  previousMasterKeys?: string;
  /**
   * Start even though the data folder may be read by other users (group or world bits set).
   * Env `COGNATE_ALLOW_INSECURE_DATA_DIR=1`. @default false
   */
  allowInsecureDataDir: boolean;
  /**
   * Idle lifetime of an admin console session, in seconds: each use extends it by this much, up
   * to 8 hours after sign-in. Env `COGNATE_CONSOLE_SESSION_TTL`. @default 3600
   */
  consoleSessionTtlSeconds: number;
  /**
   * The server is behind a proxy that ends TLS and sets `X-Forwarded-Proto: https` (and
   * `X-Forwarded-For`): on a non-loopback bind the admin console is then served over the proxy's
   * https; without it, only over the server's own https. Turn it on only when every request
   * passes through that proxy. Env `COGNATE_CONSOLE_TRUST_PROXY=1`. @default false
   */
  consoleTrustProxy: boolean;
  /**
   * Serve the dev outbox (`GET /_dev/outbox`, every message with its code) on a loopback bind or
   * in dev mode. It answers only requests from this machine that no proxy forwarded (no
   * `Forwarded`, `X-Forwarded-*` or `X-Real-IP` header, a loopback `Host`), never with CORS
   * headers. Off: not served, and stored messages keep no codes. Env `COGNATE_DEV_OUTBOX`.
   * @default true
   */
  devOutbox: boolean;
  /**
   * Regions a management call's SigV4 credential scope may name (a call signed for another
   * region is refused, as AWS refuses it). Env `COGNATE_REGIONS` (comma-separated).
   * @default [region]
   */
  regions?: string[];
  /**
   * How long housekeeping keeps rows that only serve as history, in days. Expired sessions,
   * codes and refresh tokens are deleted as soon as they expire.
   */
  retention: {
    /** Dev-outbox messages. Env `COGNATE_RETENTION_OUTBOX_DAYS`. @default 7 */
    outboxDays: number;
    /** Sign-in history (AdminListUserAuthEvents). Env `COGNATE_RETENTION_AUTH_EVENTS_DAYS`. @default 90 */
    authEventsDays: number;
    /** Finished user import jobs. Env `COGNATE_RETENTION_IMPORT_JOBS_DAYS`. @default 30 */
    importJobsDays: number;
    /** The audit log of admin operations (CognateListAuditEvents). Env `COGNATE_RETENTION_AUDIT_EVENTS_DAYS`. @default 90 */
    auditEventsDays: number;
  };
}

/** The defaults, in one place. */
export const defaults: Config = {
  port: 9229,
  host: '127.0.0.1',
  dataDir: './.cognate',
  region: 'us-east-1',
  dev: false,
  seed: true,
  smtp: {
    port: 587,
    secure: false,
    from: 'no-reply@cognate.local',
    allowInvalidCertificates: false,
  },
  bodyLimit: 1024 * 1024,
  workers: 1,
  logLevel: 'info',
  logFormat: 'auto',
  tls: { enabled: true },
  credentialsTtlSeconds: 3600,
  rateLimits: {
    enabled: true,
    perIp: '20/s',
    perClient: '2000/s',
    perPool: '5000/s',
    codesPerUser: '5/h',
    codesPerIp: '100/h',
    exemptLoopback: true,
  },
  allowInsecureDataDir: false,
  consoleSessionTtlSeconds: 3600,
  consoleTrustProxy: false,
  devOutbox: true,
  retention: { outboxDays: 7, authEventsDays: 90, importJobsDays: 30, auditEventsDays: 90 },
};

/**
 * `customDomainCerts` from the environment: a JSON object, or `host=cert,key` entries separated
 * by `;`. Anything else is left for the schema to refuse.
 */
function parseCustomDomainCerts(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value.trim().startsWith('{')) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  const out: Record<string, { cert: string; key: string }> = {};
  for (const entry of value.split(';').filter((e) => e.trim())) {
    const [host, files = ''] = entry.split('=');
    const [cert, key] = files.split(',').map((f) => f.trim());
    if (!host?.trim() || !cert || !key) return value;
    out[host.trim().toLowerCase()] = { cert, key };
  }
  return out;
}

const bool = z.union([
  z.boolean(),
  z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true'),
]);
const int = z.coerce.number().int();
const rateLimit = z
  .string()
  .regex(/^(0|off|\d+\/(s|sec|min|h))$/, 'must be <count>/<s|min|h> (e.g. 20/s), or 0 for none');

const days = z.coerce.number().positive().max(36_500);

const schema = z.object({
  port: int.min(0).max(65535),
  host: z.string().min(1),
  publicUrl: z.string().url().optional(),
  dataDir: z.string().min(1),
  database: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/i, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must look like us-east-1'),
  dev: bool,
  seed: bool,
  smtp: z.object({
    host: z.string().min(1).optional(),
    port: int.min(1).max(65535),
    secure: bool,
    user: z.string().optional(),
    password: z.string().optional(),
    from: z.string().min(3),
    allowInvalidCertificates: bool,
    requireTls: bool.optional(),
  }),
  bodyLimit: int.min(1024).max(16 * 1024 * 1024),
  workers: int.min(0).max(256),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  logFormat: z.enum(['auto', 'pretty', 'json']),
  functionsDir: z.string().min(1).optional(),
  webhookSecret: z.string().min(16).optional(),
  customDomainCerts: z
    .preprocess(
      parseCustomDomainCerts,
      z.record(
        z.string().regex(/^[a-z0-9.-]+$/i, 'keys must be host names'),
        z.object({ cert: z.string().min(1), key: z.string().min(1) }).strict(),
      ),
    )
    .optional(),
  tls: z.preprocess(
    // `"tls": false` in a config file is the same as `{ "enabled": false }`.
    (v) => (typeof v === 'boolean' ? { enabled: v } : v),
    z
      .object({
        enabled: z.union([bool, z.enum(['on', 'off']).transform((v) => v === 'on')]),
        cert: z.string().min(1).optional(),
        key: z.string().min(1).optional(),
      })
      .refine((tls) => !tls.cert === !tls.key, {
        message: 'tls.cert and tls.key go together: give both or neither',
        path: ['cert'],
      }),
  ),
  credentialsTtlSeconds: int.min(60).max(12 * 3600),
  rateLimits: z.object({
    enabled: bool,
    redisUrl: z
      .string()
      .regex(/^rediss?:\/\/\S+$/i, 'must be a redis:// or rediss:// URL')
      .optional(),
    perIp: rateLimit,
    perClient: rateLimit,
    perPool: rateLimit,
    codesPerUser: rateLimit,
    codesPerIp: rateLimit,
    exemptLoopback: bool,
  }),
  masterKey: z.string().min(1).optional(),
  masterKeyFile: z.string().min(1).optional(),
  previousMasterKeys: z.string().optional(),
  allowInsecureDataDir: bool,
  consoleSessionTtlSeconds: int.min(60).max(8 * 3600),
  consoleTrustProxy: bool,
  credentialsKey: z
    .string()
    .refine(
      (v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length >= 32,
      'must be base64 of at least 32 bytes',
    )
    .optional(),
  providerEndpoints: z
    .preprocess(
      (v) => {
        if (typeof v !== 'string') return v;
        try {
          return JSON.parse(v);
        } catch {
          return v;
        }
      },
      z
        .object(
          Object.fromEntries(
            PROVIDER_PRESETS.map((preset) => [
              preset,
              z
                .object({
                  authorize_url: z.string().url().optional(),
                  token_url: z.string().url().optional(),
                  attributes_url: z.string().url().optional(),
                  jwks_uri: z.string().url().optional(),
                  issuer: z.string().url().optional(),
                })
                .strict()
                .optional(),
            ]),
          ),
        )
        .strict(),
    )
    .optional(),
  devOutbox: bool,
  regions: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(',').map((r) => r.trim()) : v),
      z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must look like us-east-1')).min(1),
    )
    .optional(),
  retention: z.object({
    outboxDays: days,
    authEventsDays: days,
    importJobsDays: days,
    auditEventsDays: days,
  }),
});

/** Environment variable for each config key path. */
export const envNames: Record<string, string> = {
  port: 'COGNATE_PORT',
  host: 'COGNATE_HOST',
  publicUrl: 'COGNATE_PUBLIC_URL',
  dataDir: 'COGNATE_DATA_DIR',
  database: 'COGNATE_DATABASE_URL',
  region: 'COGNATE_REGION',
  dev: 'COGNATE_DEV',
  seed: 'COGNATE_SEED',
  'smtp.host': 'COGNATE_SMTP_HOST',
  'smtp.port': 'COGNATE_SMTP_PORT',
  'smtp.secure': 'COGNATE_SMTP_SECURE',
  'smtp.user': 'COGNATE_SMTP_USER',
  'smtp.password': 'COGNATE_SMTP_PASSWORD',
  'smtp.from': 'COGNATE_SMTP_FROM',
  bodyLimit: 'COGNATE_BODY_LIMIT',
  workers: 'COGNATE_WORKERS',
  logLevel: 'COGNATE_LOG_LEVEL',
  logFormat: 'COGNATE_LOG_FORMAT',
  functionsDir: 'COGNATE_FUNCTIONS_DIR',
  webhookSecret: 'COGNATE_WEBHOOK_SECRET',
  customDomainCerts: 'COGNATE_CUSTOM_DOMAIN_CERTS',
  'tls.enabled': 'COGNATE_TLS',
  'tls.cert': 'COGNATE_TLS_CERT',
  'tls.key': 'COGNATE_TLS_KEY',
  providerEndpoints: 'COGNATE_PROVIDER_ENDPOINTS',
  credentialsTtlSeconds: 'COGNATE_CREDENTIALS_TTL',
  credentialsKey: 'COGNATE_CREDENTIALS_KEY',
  'rateLimits.enabled': 'COGNATE_RATE_LIMITS',
  'rateLimits.redisUrl': 'COGNATE_REDIS_URL',
  'rateLimits.perIp': 'COGNATE_RATE_LIMIT_PER_IP',
  'rateLimits.perClient': 'COGNATE_RATE_LIMIT_PER_CLIENT',
  'rateLimits.perPool': 'COGNATE_RATE_LIMIT_PER_POOL',
  'rateLimits.codesPerUser': 'COGNATE_RATE_LIMIT_CODES_PER_USER',
  'rateLimits.codesPerIp': 'COGNATE_RATE_LIMIT_CODES_PER_IP',
  'rateLimits.exemptLoopback': 'COGNATE_RATE_LIMIT_EXEMPT_LOOPBACK',
  masterKey: 'COGNATE_MASTER_KEY',
  masterKeyFile: 'COGNATE_MASTER_KEY_FILE',
  previousMasterKeys: 'COGNATE_MASTER_KEY_PREVIOUS',
  allowInsecureDataDir: 'COGNATE_ALLOW_INSECURE_DATA_DIR',
  consoleSessionTtlSeconds: 'COGNATE_CONSOLE_SESSION_TTL',
  consoleTrustProxy: 'COGNATE_CONSOLE_TRUST_PROXY',
  'smtp.allowInvalidCertificates': 'COGNATE_SMTP_ALLOW_INVALID_CERTIFICATES',
  'smtp.requireTls': 'COGNATE_SMTP_REQUIRE_TLS',
  devOutbox: 'COGNATE_DEV_OUTBOX',
  regions: 'COGNATE_REGIONS',
  'retention.outboxDays': 'COGNATE_RETENTION_OUTBOX_DAYS',
  'retention.authEventsDays': 'COGNATE_RETENTION_AUTH_EVENTS_DAYS',
  'retention.importJobsDays': 'COGNATE_RETENTION_IMPORT_JOBS_DAYS',
  'retention.auditEventsDays': 'COGNATE_RETENTION_AUDIT_EVENTS_DAYS',
};

type Layer = Record<string, unknown>;

function setPath(target: Layer, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] = { ...((node[part] as Layer | undefined) ?? {}) };
    node = node[part] as Layer;
  }
  node[parts[parts.length - 1]] = value;
}

function merge(base: Layer, over: Layer): Layer {
  const out: Layer = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && typeof out[k] === 'object'
        ? merge(out[k] as Layer, v as Layer)
        : v;
  }
  return out;
}

/** Thrown when configuration is invalid; the message names the failing key. */
export class ConfigError extends Error {}

/**
 * Resolves the configuration from defaults, an optional JSON file, the environment and flags
 * (given as dotted key paths, e.g. `{ 'smtp.host': 'mail' }`), and validates it.
 */
export function loadConfig(
  opts: { env?: NodeJS.ProcessEnv; file?: string; flags?: Record<string, unknown> } = {},
): Config {
  const env = opts.env ?? {};
  let layered: Layer = defaults as unknown as Layer;
  if (opts.file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(opts.file, 'utf8'));
    } catch (err) {
      throw new ConfigError(`cannot read config file ${opts.file}: ${(err as Error).message}`);
    }
    layered = merge(layered, parsed as Layer);
  }
  const fromEnv: Layer = {};
  for (const [key, name] of Object.entries(envNames)) {
    if (env[name] !== undefined && env[name] !== '') setPath(fromEnv, key, env[name]);
  }
  layered = merge(layered, fromEnv);
  const fromFlags: Layer = {};
  for (const [key, value] of Object.entries(opts.flags ?? {})) setPath(fromFlags, key, value);
  layered = merge(layered, fromFlags);
  const result = schema.safeParse(layered);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue.path.join('.');
    const hint = envNames[key] ? ` (env ${envNames[key]})` : '';
    throw new ConfigError(`invalid config key "${key}"${hint}: ${issue.message}`);
  }
  return result.data as Config;
}

/** True when `host` only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** The public base URL, without a trailing slash. */
export function publicUrlOf(config: Config, boundPort = config.port): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
}

/**
 * The https form of the server's address (the same port; undefined with `tls.enabled` off): a
 * public URL that is https already, else `https://localhost:<port>` on a loopback or wildcard
 * bind (the name the development certificate is made for), else the bound host.
 */
export function httpsUrlOf(config: Config, boundPort = config.port): string | undefined {
  if (!config.tls.enabled) return undefined;
  if (config.publicUrl?.startsWith('https://')) return config.publicUrl.replace(/\/+$/, '');
  const { host } = config;
  const local = isLoopback(host) || host === '0.0.0.0' || host === '::';
  const name = local ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `https://${name}:${boundPort}`;
}

/** The store in words, for logs: the SQLite file, or the PostgreSQL URL without its password. */
export function describeStore(config: Pick<Config, 'database' | 'dataDir'>): string {
  if (!config.database)
    return `SQLite ${path.join(path.resolve(config.dataDir), 'cognate.sqlite')}`;
  try {
    const url = new URL(config.database);
    if (url.password) url.password = '***';
    return `PostgreSQL ${url.toString()}`;
  } catch {
    return 'PostgreSQL';
  }
}

/** Absolute data directory. */
export function dataDirOf(config: Config): string {
  return path.resolve(config.dataDir);
}
