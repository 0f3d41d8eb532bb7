import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from './cli/usage-error.ts';
import { ConfigError, dataDirOf, envNames, loadConfig } from './config.ts';
import { prepareKeyMaterial } from './services/tokens/key-material.ts';
import { sqliteFileOf } from './store/sqlite-file.ts';

const HELP = `Usage: cognate [serve] [options]
       cognate keys <rotate|list> --pool <userPoolId>   signing keys (cognate keys --help)
       cognate users <export|import> --endpoint <url>   move a pool (cognate users --help)
       cognate rotate-master-key                        re-seal secrets with a new master key
       cognate backup <file> | restore <file>           snapshot the SQLite database, or put one back

Starts the Cognate server: Cognito-compatible user pools on an embedded SQLite database, or on
PostgreSQL (--database), which several instances can share.

Options (each also an environment variable; flags win):
  --port <n>          TCP port                                  ${envNames.port} (default 9229)
  --host <addr>       bind address                              ${envNames.host} (default 127.0.0.1)
  --public-url <url>  URL clients use; token issuer base        ${envNames.publicUrl}
  --data-dir <dir>    database and credentials folder           ${envNames.dataDir} (default ./.cognate)
  --database <url>    PostgreSQL URL (postgres://…)             ${envNames.database} (default SQLite <data-dir>/cognate.sqlite)
  --region <r>        region in pool ids and ARNs               ${envNames.region} (default us-east-1)
  --dev               accept any SigV4 key (loopback only)      ${envNames.dev}=1
  --no-seed           do not create the default pool           ${envNames.seed}=0
  --smtp-host <h>     send email through this SMTP server       ${envNames['smtp.host']}
  --smtp-port <n>     SMTP port                                 ${envNames['smtp.port']} (default 587)
  --smtp-secure       TLS from the start (port 465)             ${envNames['smtp.secure']}=1
  --smtp-user <u>     SMTP user                                 ${envNames['smtp.user']}
  --smtp-password <p> SMTP password                             ${envNames['smtp.password']}
  --smtp-from <addr>  sender address                            ${envNames['smtp.from']}
  --body-limit <n>    largest request body in bytes             ${envNames.bodyLimit} (default 1048576)
  --workers <n>       processes sharing the port; 0 = per core  ${envNames.workers} (default 1)
  --log-level <l>     fatal|error|warn|info|debug|trace|silent  ${envNames.logLevel} (default info)
  --log-format <f>    auto|pretty|json (auto: pretty on a tty)  ${envNames.logFormat} (default auto)
  --functions-dir <d> trigger functions (<name>.mjs|js|cjs|ts)  ${envNames.functionsDir}
  (no flag)           secret signing webhook triggers          ${envNames.webhookSecret}
  --tls-cert <file>   PEM certificate for https (same port)     ${envNames['tls.cert']} (default a self-signed dev certificate)
  --tls-key <file>    PEM private key of --tls-cert             ${envNames['tls.key']}
  --no-tls            plain HTTP only (TLS ends at a proxy)     ${envNames['tls.enabled']}=off
  --config <file>     JSON file with any of the keys above (camelCase, smtp as an object)
  -h, --help          show this help
`;

// Each command loads only its own modules: `--help` and the subcommands do not pay for the
// server's (Fastify, the store, every operation), and the server not for the subcommands'.
async function main() {
  if (process.argv[2] === 'keys') {
    const { runKeysCommand } = await import('./cli/keys.ts');
    return runKeysCommand(process.argv.slice(3));
  }
  if (process.argv[2] === 'rotate-master-key') {
    const { runRotateMasterKeyCommand } = await import('./cli/master-key.ts');
    return runRotateMasterKeyCommand(process.argv.slice(3));
  }
  if (process.argv[2] === 'backup' || process.argv[2] === 'restore') {
    const { runBackupCommand } = await import('./cli/backup.ts');
    return runBackupCommand(process.argv[2], process.argv.slice(3));
  }
  if (process.argv[2] === 'users') {
    const { runUsersCommand } = await import('./cli/users.ts');
    return runUsersCommand(process.argv.slice(3));
  }
  const args = process.argv.slice(2).filter((a) => a !== 'serve');
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'public-url': { type: 'string' },
      'data-dir': { type: 'string' },
      database: { type: 'string' },
      region: { type: 'string' },
      dev: { type: 'boolean' },
      'no-seed': { type: 'boolean' },
      'smtp-host': { type: 'string' },
      'smtp-port': { type: 'string' },
      'smtp-secure': { type: 'boolean' },
      'smtp-user': { type: 'string' },
      'smtp-password': { type: 'string' },
      'smtp-from': { type: 'string' },
      'body-limit': { type: 'string' },
      'log-level': { type: 'string' },
      'log-format': { type: 'string' },
      'functions-dir': { type: 'string' },
      workers: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'no-tls': { type: 'boolean' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const flags: Record<string, unknown> = {
    port: values.port,
    host: values.host,
    publicUrl: values['public-url'],
    dataDir: values['data-dir'],
    database: values.database,
    region: values.region,
    dev: values.dev,
    seed: values['no-seed'] ? false : undefined,
    'smtp.host': values['smtp-host'],
    'smtp.port': values['smtp-port'],
    'smtp.secure': values['smtp-secure'],
    'smtp.user': values['smtp-user'],
    'smtp.password': values['smtp-password'],
    'smtp.from': values['smtp-from'],
    bodyLimit: values['body-limit'],
    logLevel: values['log-level'],
    logFormat: values['log-format'],
    functionsDir: values['functions-dir'],
    workers: values.workers,
    'tls.cert': values['tls-cert'],
    'tls.key': values['tls-key'],
    'tls.enabled': values['no-tls'] ? false : undefined,
  };
  const config = loadConfig({ env: process.env, file: values.config, flags });
  // A first start on a new SQLite file seeds a pool, and its signing key is the slowest step:
  // made on another thread while the server's modules load, it costs the start nothing. (Not in
  // a cluster's primary, which only forks: its first worker seeds.)
  const seeds = config.workers === 1 || cluster.isWorker;
  if (seeds && config.seed && !config.database && !existsSync(sqliteFileOf(dataDirOf(config)))) {
    prepareKeyMaterial();
  }
  const { serve } = await import('./serve.ts');
  await serve(config);
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof UsageError) {
    process.stderr.write(`cognate: ${err.message}\nRun with --help to see every option.\n`);
  } else {
    process.stderr.write(`cognate: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});
