import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { awsExportsSnippet } from './bootstrap.ts';
import { type Config, dataDirOf } from './config.ts';
import { devCertificateFile } from './protocols/http/tls-certificates.ts';
import { type RunningServer, servesDevOutbox, startServer } from './server.ts';
import { setCryptoThreads } from './services/crypto/index.ts';

/** The text printed once the server is up: where it is, the ids, the key and client config. */
export function startBanner(config: Config, server: RunningServer, workers: number): string {
  const lines = [
    '',
    `Cognate is listening on ${server.url}${workers > 1 ? ` (${workers} processes)` : ''}`,
    ...httpsLines(config, server),
    `  data:        ${config.dataDir}`,
    `  admin key:   ${server.accessKey.accessKeyId} (secret in ${server.credentialsFile}, profile "cognate")`,
    // AWS_CONFIG_FILE carries the profile's endpoint_url: without it the AWS CLI calls AWS.
    `  AWS SDK/CLI: AWS_SHARED_CREDENTIALS_FILE=${server.credentialsFile} AWS_CONFIG_FILE=${configFileOf(server.credentialsFile)} AWS_PROFILE=cognate`,
    `  console:     ${server.url}/console`,
    servesDevOutbox(config)
      ? `  dev outbox:  ${server.url}/_dev/outbox?username=<email> (this machine only, not through a proxy; codes are also in this log)`
      : '  dev outbox:  off',
  ];
  if (server.defaults) {
    const { pool, client } = server.defaults;
    lines.push(
      `  user pool:   ${pool.id}`,
      `  web client:  ${client.id}`,
      '',
      '// aws-exports.js (aws-amplify v5 reads Auth.endpoint from it)',
      awsExportsSnippet(config.region, pool, client, server.url),
      '// aws-amplify v6: Amplify.configure({ Auth: { Cognito: {',
      `//   userPoolId: '${pool.id}', userPoolClientId: '${client.id}',`,
      `//   userPoolEndpoint: '${server.url}' } } })`,
    );
    if (server.httpsUrl) {
      lines.push(
        `// hosted UI (Amplify's oauth.domain): '${server.httpsUrl.replace(/^https:\/\//, '')}/domains/<domain>'`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The AWS config file written beside the credentials file (its profile names the endpoint). */
function configFileOf(credentialsFile: string): string {
  return path.join(path.dirname(credentialsFile), 'config');
}

/** Where https answers, and with which certificate. */
function httpsLines(config: Config, server: RunningServer): string[] {
  if (!server.httpsUrl) return [];
  const cert = config.tls.cert
    ? `certificate ${config.tls.cert}`
    : `self-signed dev certificate ${devCertificateFile(dataDirOf(config))}, made on first use`;
  return [`  https:       ${server.httpsUrl} (same port; ${cert})`];
}

interface ReadyMessage {
  type: 'cognate:ready';
  banner: string;
}

/**
 * Runs the server: in this process, or with `workers` > 1 as a node:cluster of processes sharing
 * the port, so crypto-bound sign-ins use every core. Every process is stateless; the first one
 * prepares the database (migrations, keys, default pool) before the others start.
 */
export async function serve(config: Config): Promise<void> {
  const workers = config.workers === 0 ? availableParallelism() : config.workers;
  if (workers > 1 && cluster.isPrimary) {
    runPrimary(workers);
    return;
  }
  // Each process of a cluster gets its share of the cores for public-key work.
  setCryptoThreads(Math.ceil(availableParallelism() / workers));
  const server = await startServer(config);
  const banner = startBanner(config, server, workers);
  if (cluster.isWorker) {
    process.send?.({ type: 'cognate:ready', banner } satisfies ReadyMessage);
  } else {
    process.stdout.write(banner);
  }
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    server.ctx.log.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** The cluster primary: starts one worker, then the rest once it is ready; replaces crashes. */
function runPrimary(workers: number): void {
  let stopping = false;
  let printed = false;
  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('message', (msg: ReadyMessage) => {
      if (msg?.type !== 'cognate:ready' || printed) return;
      printed = true;
      process.stdout.write(msg.banner);
      for (let i = 1; i < workers; i++) fork();
    });
    return worker;
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    process.stderr.write(`cognate: worker ${worker.process.pid} exited (${signal ?? code})\n`);
    if (!printed) process.exit(1); // the first worker failed to start: its error is above
    fork();
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const live = Object.values(cluster.workers ?? {});
    if (live.length === 0) process.exit(0);
    for (const w of live) w?.process.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  fork();
}
