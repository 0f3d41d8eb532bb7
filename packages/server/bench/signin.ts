/**
 * Sign-in benchmark: starts the real server as a child process, creates a pool, a client and
 * confirmed users through the admin API, then drives USER_PASSWORD_AUTH and USER_SRP_AUTH
 * sign-ins at a fixed concurrency, and sets each phase's throughput against the crypto bound
 * (the same public-key work run flat out on every core).
 *
 *   npm run bench -- [--seconds 10] [--concurrency 16] [--users 200] [--bound-seconds 3] [--json]
 *                    [--server-cpu-prof <dir>]   (the server's V8 CPU profile, written on exit)
 *
 * Progress goes to stderr; the table (or, with --json, the JSON) to stdout. Exits 1 on any error.
 */
import { availableParallelism as cores, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { type CryptoBound, measureCryptoBound } from './crypto-bound.ts';
import { IdpClient, type PhaseResult, runPhase } from './load.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';
import { passwordClaim, type SrpUser, srpUser } from './srp-client.ts';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    users: { type: 'string', default: '200' },
    'bound-seconds': { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    'server-cpu-prof': { type: 'string' },
  },
});
const seconds = positive('seconds');
const concurrency = positive('concurrency');
const userCount = positive('users');
const boundSeconds = positive('bound-seconds');

function positive(name: 'seconds' | 'concurrency' | 'users' | 'bound-seconds'): number {
  const n = Number(flags[name]);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number`);
  return n;
}

const log = (message: string) => process.stderr.write(`${message}\n`);

interface BenchUser {
  username: string;
  password: string;
  srp: SrpUser;
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function eachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const loop = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, loop));
}

/** A pool with a simple password policy, an SRP/password/refresh client, confirmed users. */
async function setUp(server: ServerProcess) {
  const admin = new CognitoIdentityProviderClient({
    region: server.region,
    endpoint: server.url,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  });
  try {
    const { UserPool } = await admin.send(
      new CreateUserPoolCommand({
        PoolName: 'bench',
        Policies: {
          PasswordPolicy: {
            MinimumLength: 8,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: false,
          },
        },
      }),
    );
    const userPoolId = UserPool?.Id as string;
    const { UserPoolClient } = await admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: 'bench',
        GenerateSecret: false,
        ExplicitAuthFlows: [
          'ALLOW_USER_SRP_AUTH',
          'ALLOW_USER_PASSWORD_AUTH',
          'ALLOW_REFRESH_TOKEN_AUTH',
        ],
      }),
    );
    const clientId = UserPoolClient?.ClientId as string;
    const users: BenchUser[] = Array.from({ length: userCount }, (_, i) => {
      const password = `Bench-${i}-Pass${Math.random().toString(36).slice(2, 8)}`;
      return { username: `bench-${i}`, password, srp: srpUser(userPoolId, password) };
    });
    await eachLimited(users, 8, async (u) => {
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: u.username,
          MessageAction: 'SUPPRESS',
        }),
      );
      await admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: userPoolId,
          Username: u.username,
          Password: u.password,
          Permanent: true,
        }),
      );
    });
    return { clientId, users };
  } finally {
    admin.destroy();
  }
}

interface AuthResponse {
  AuthenticationResult?: { AccessToken?: string; IdToken?: string };
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
  Session?: string;
}

function expectTokens(res: AuthResponse): void {
  if (!res.AuthenticationResult?.AccessToken || !res.AuthenticationResult.IdToken) {
    throw new Error(`no tokens in response: ${JSON.stringify(res).slice(0, 300)}`);
  }
}

async function passwordSignIn(idp: IdpClient, clientId: string, user: BenchUser) {
  const res = await idp.call<AuthResponse>('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
  });
  expectTokens(res);
}

async function srpSignIn(idp: IdpClient, clientId: string, user: BenchUser) {
  const challenge = await idp.call<AuthResponse>('InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: user.username, SRP_A: user.srp.A },
  });
  if (challenge.ChallengeName !== 'PASSWORD_VERIFIER' || !challenge.ChallengeParameters) {
    throw new Error(`expected PASSWORD_VERIFIER: ${JSON.stringify(challenge).slice(0, 300)}`);
  }
  const res = await idp.call<AuthResponse>('RespondToAuthChallenge', {
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId: clientId,
    Session: challenge.Session,
    ChallengeResponses: passwordClaim(user.srp, challenge.ChallengeParameters),
  });
  expectTokens(res);
}

function formatTable(rows: { phase: PhaseResult; bound: CryptoBound }[]): string {
  const header = [
    'phase',
    'sign-ins/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'crypto bound/s',
    '% of bound',
  ];
  const body = rows.map(({ phase, bound }) => [
    phase.name,
    phase.perSecond.toFixed(1),
    phase.p50Ms.toFixed(2),
    phase.p99Ms.toFixed(2),
    String(phase.errors),
    bound.perSecond.toFixed(0),
    `${((100 * phase.perSecond) / bound.perSecond).toFixed(1)}%`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

/** Who used the CPU during a phase; flags a load generator that competes with the server. */
function phaseNote({ phase }: { phase: PhaseResult }): string {
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  let note =
    `${phase.name}: ${phase.signIns} sign-ins in ${phase.seconds.toFixed(1)} s; ` +
    `server CPU ${phase.server.cores.toFixed(2)} cores (main thread ${pct(phase.server.mainThread)}); ` +
    `load generator CPU ${phase.client.cores.toFixed(2)} cores (event loop ${pct(phase.client.loopBusy)} busy)`;
  if (phase.client.cores >= 0.9 || phase.client.loopBusy >= 0.9) {
    note += `\n  WARNING: the load generator eats a core; on ${cores()} cores it takes CPU from the server`;
  }
  if (phase.otherCores >= 0.2) {
    note += `\n  WARNING: other processes used ${phase.otherCores.toFixed(2)} cores meanwhile; rerun on a quiet machine`;
  }
  return note;
}

async function main() {
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cores(),
    node: process.version,
  };
  log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
  const server = await startServerProcess({ cpuProfDir: flags['server-cpu-prof'] });
  // Interrupted runs must not leave a server or its data dir behind; exit as the signal would.
  const stopOn = (signal: 'SIGINT' | 'SIGTERM', code: number) =>
    process.once(signal, () => void server.stop().then(() => process.exit(code)));
  stopOn('SIGINT', 130);
  stopOn('SIGTERM', 143);
  const idp = new IdpClient(server.url, concurrency);
  try {
    log(`server pid ${server.pid} at ${server.url}; creating pool, client, ${userCount} users`);
    const { clientId, users } = await setUp(server);

    log(`crypto bound: ${boundSeconds} s per flow on ${cores()} worker threads`);
    const srpBound = await measureCryptoBound('srp', boundSeconds);
    const passwordBound = await measureCryptoBound('password', boundSeconds);

    // One untimed sign-in per user and flow: warms the JIT and the server's key cache, caches
    // each user's x, and proves both flows work before anything is timed.
    log('warm-up: one sign-in per user and flow');
    await eachLimited(users, concurrency, (u) => passwordSignIn(idp, clientId, u));
    await eachLimited(users, concurrency, (u) => srpSignIn(idp, clientId, u));

    const user = (i: number) => users[i % users.length];
    const rows: { phase: PhaseResult; bound: CryptoBound }[] = [];
    for (const [name, signIn, bound] of [
      ['USER_PASSWORD_AUTH', passwordSignIn, passwordBound],
      ['USER_SRP_AUTH', srpSignIn, srpBound],
    ] as const) {
      log(`${name}: ${seconds} s at concurrency ${concurrency}`);
      const phase = await runPhase({
        name,
        seconds,
        concurrency,
        server,
        signIn: (i) => signIn(idp, clientId, user(i)),
      });
      rows.push({ phase, bound });
    }
    const peakRssBytes = server.peakRssBytes();

    const failed = rows.filter((r) => r.phase.errors > 0);
    if (flags.json) {
      const config = { seconds, concurrency, users: userCount, boundSeconds };
      process.stdout.write(
        `${JSON.stringify({ machine, config, phases: rows, serverPeakRssBytes: peakRssBytes }, null, 2)}\n`,
      );
    } else {
      const mib = (peakRssBytes / 2 ** 20).toFixed(1);
      const boundNote = (b: CryptoBound) =>
        `${b.kind}: ${b.msPerSignIn.toFixed(2)} ms CPU per sign-in x ${b.workers} threads`;
      process.stdout.write(
        [
          '',
          `Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`,
          `Load: ${concurrency} concurrent sign-ins, ${userCount} users, ${seconds} s per phase, keep-alive HTTP`,
          '',
          formatTable(rows),
          '',
          `Server peak RSS (VmHWM): ${mib} MiB`,
          `Crypto bound: ${boundNote(srpBound)}; ${boundNote(passwordBound)}`,
          ...[srpBound, passwordBound]
            .filter((b) => b.otherCores >= 0.2)
            .map(
              (b) =>
                `  WARNING: other processes used ${b.otherCores.toFixed(2)} cores during the ${b.kind} bound; it reads low`,
            ),
          ...rows.map(phaseNote),
          '',
        ].join('\n'),
      );
    }
    for (const { phase } of failed) {
      log(`${phase.name}: ${phase.errors} errors, e.g.\n  ${phase.errorSamples.join('\n  ')}`);
    }
    if (failed.length > 0) process.exitCode = 1;
  } catch (err) {
    const exit = server.exitStatus();
    if (exit) log(`the server exited during the run (${exit})`);
    log(`bench failed: ${(err as Error).stack ?? err}`);
    const stderr = server.stderr().trim();
    if (stderr) log(`server stderr:\n${stderr}`);
    process.exitCode = 1;
  } finally {
    idp.close();
    await server.stop();
  }
}

await main();
