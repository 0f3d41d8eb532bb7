/**
 * CPU per SRP sign-in on the client: @cognate/auth next to amazon-cognito-identity-js in this one
 * process, against a Cognate server in its own process (so none of its work is counted here).
 * Each library signs the same users in with USER_SRP_AUTH; the process's CPU time
 * (process.cpuUsage, user + system) is read around each sign-in, so the figure includes the
 * library's HTTP and JSON work as well as its SRP math. Target: ≤ 20 ms for @cognate/auth.
 *
 *   npm run bench -w @cognate/auth [-- --sign-ins 30]     (the root `npm run bench` runs it too)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { startCognate } from '../../server/bench/server-process.ts';
import { Amplify, Auth } from '../src/index.ts';

const TARGET_CPU_MS = 20;
const PASSWORD = 'Bench-Passw0rd!';
const { values: flags } = parseArgs({
  options: {
    'sign-ins': { type: 'string', default: '30' },
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string' },
  },
  strict: false,
});
const signIns = flags.quick ? 8 : Number(flags['sign-ins']);

interface Sample {
  cpuMs: number;
  wallMs: number;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function measure(name: string, run: (username: string) => Promise<void>, users: string[]) {
  const samples: Sample[] = [];
  for (let i = 0; i < users.length; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await run(users[i]);
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    // The first three are warm-up (JIT, connection set-up, one-off tables).
    if (i >= 3) samples.push({ cpuMs: (used.user + used.system) / 1000, wallMs });
  }
  const cpu = samples.map((s) => s.cpuMs).sort((a, b) => a - b);
  const wall = samples.map((s) => s.wallMs).sort((a, b) => a - b);
  return {
    name,
    n: samples.length,
    cpuP50: quantile(cpu, 0.5),
    cpuMean: cpu.reduce((a, b) => a + b, 0) / cpu.length,
    cpuP99: quantile(cpu, 0.99),
    wallP50: quantile(wall, 0.5),
  };
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'cognate-client-srp-'));
const server = await startCognate({ dataDir, workers: 1 });
try {
  const admin = new CognitoIdentityProviderClient({
    endpoint: server.url,
    region: server.region,
    credentials: server.credentials,
  });
  const pool = await admin.send(new CreateUserPoolCommand({ PoolName: 'client-srp-bench' }));
  const userPoolId = pool.UserPool?.Id as string;
  const client = await admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'web',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const clientId = client.UserPoolClient?.ClientId as string;
  const users = Array.from({ length: signIns + 3 }, (_, i) => `bench-user-${i}`);
  for (const Username of users) {
    await admin.send(
      new AdminCreateUserCommand({ UserPoolId: userPoolId, Username, MessageAction: 'SUPPRESS' }),
    );
    await admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username,
        Password: PASSWORD,
        Permanent: true,
      }),
    );
  }

  Amplify.configure({
    Auth: {
      region: server.region,
      userPoolId,
      userPoolWebClientId: clientId,
      endpoint: server.url,
      authenticationFlowType: 'USER_SRP_AUTH',
    },
  });
  const cognate = await measure(
    '@cognate/auth',
    async (username) => {
      await Auth.signIn(username, PASSWORD);
      await Auth.signOut();
    },
    users,
  );

  const pool2 = new CognitoUserPool({
    UserPoolId: userPoolId,
    ClientId: clientId,
    endpoint: server.url,
  });
  const identityJs = await measure(
    'amazon-cognito-identity-js',
    (username) =>
      new Promise<void>((resolve, reject) => {
        const user = new CognitoUser({ Username: username, Pool: pool2 });
        user.authenticateUser(
          new AuthenticationDetails({ Username: username, Password: PASSWORD }),
          {
            onSuccess: () => {
              user.signOut();
              resolve();
            },
            onFailure: reject,
          },
        );
      }),
    users,
  );

  const rows = [cognate, identityJs];
  const fmt = (n: number) => n.toFixed(2).padStart(8);
  console.log(
    `\nClient SRP sign-in (USER_SRP_AUTH, Node ${process.versions.node}, ${signIns} sign-ins each after 3 warm-up)`,
  );
  console.log(
    '| library                     | CPU ms p50 | CPU ms mean | CPU ms p99 | wall ms p50 |',
  );
  console.log(
    '|-----------------------------|-----------:|------------:|-----------:|------------:|',
  );
  for (const r of rows) {
    console.log(
      `| ${r.name.padEnd(27)} | ${fmt(r.cpuP50)}   | ${fmt(r.cpuMean)}    | ${fmt(r.cpuP99)}   | ${fmt(r.wallP50)}    |`,
    );
  }
  const ratio = identityJs.cpuMean / cognate.cpuMean;
  const ok = cognate.cpuMean <= TARGET_CPU_MS;
  console.log(
    `\n@cognate/auth: ${cognate.cpuMean.toFixed(2)} ms CPU per sign-in (target ≤ ${TARGET_CPU_MS} ms: ${ok ? 'met' : 'NOT met'}), ${ratio.toFixed(1)}× less than amazon-cognito-identity-js in the same run`,
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
