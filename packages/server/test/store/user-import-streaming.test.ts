// A 200k-user CSV import against a server PROCESS: the upload streams into the database and the
// job streams out of it, so the server's resident memory stays bounded however large the file.
// Reports the import throughput (users/s) as a test diagnostic.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  CognitoIdentityProviderClient,
  CreateUserImportJobCommand,
  CreateUserPoolCommand,
  DescribeUserImportJobCommand,
  type DescribeUserImportJobCommandOutput,
  GetCSVHeaderCommand,
  StartUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { importCsvStream } from '../../bench/import-csv.ts';
import { createTestDatabase, type TestDatabase, testStore } from '../support/index.ts';

const USERS = Number(process.env.COGNATE_TEST_IMPORT_USERS) || 200_000;
/** Resident memory the server may grow by while taking and importing the file. */
const RSS_BUDGET_MB = 120;

const main = new URL('../../src/main.ts', import.meta.url).pathname;
const dataDir = mkdtempSync(path.join(tmpdir(), 'cognate-import-'));
let database: TestDatabase;
let child: ChildProcess;
let url: string;
let admin: CognitoIdentityProviderClient;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The server process's resident set size, in MB (Linux /proc). */
function rssMb(): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

before(async () => {
  database = await createTestDatabase();
  const port = await freePort();
  // A 96 MB heap: a server holding the ~48 MB file (or its rows) would run out of memory, and V8
  // collects garbage before its RSS wanders far, so the RSS check below measures what is kept.
  child = spawn(process.execPath, ['--max-old-space-size=96', '--import', 'tsx', main], {
    env: {
      ...process.env,
      COGNATE_PORT: String(port),
      COGNATE_DATA_DIR: dataDir,
      COGNATE_LOG_LEVEL: 'warn',
      COGNATE_SEED: '0',
      ...(database.url ? { COGNATE_DATABASE_URL: database.url } : {}),
    },
  });
  let out = '';
  child.stdout?.on('data', (c) => {
    out += c;
  });
  child.stderr?.on('data', (c) => {
    out += c;
  });
  const deadline = Date.now() + 30_000;
  while (!out.includes('Cognate is listening')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(out);
    await new Promise((r) => setTimeout(r, 50));
  }
  url = `http://127.0.0.1:${port}`;
  const ini = readFileSync(path.join(dataDir, 'credentials'), 'utf8');
  admin = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: {
      accessKeyId: /aws_access_key_id = (\S+)/.exec(ini)?.[1] as string,
      secretAccessKey: /aws_secret_access_key = (\S+)/.exec(ini)?.[1] as string,
    },
  });
});

after(async () => {
  admin?.destroy();
  if (child && child.exitCode === null) {
    await new Promise<void>((resolve) => {
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

test(`${testStore}: ${USERS} users imported from a streamed CSV with bounded server memory`, async (t) => {
  const pool = await admin.send(
    new CreateUserPoolCommand({ PoolName: 'bulk', AutoVerifiedAttributes: ['email'] }),
  );
  const poolId = pool.UserPool?.Id as string;
  const header =
    (await admin.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader ?? [];
  const { UserImportJob: job } = await admin.send(
    new CreateUserImportJobCommand({
      JobName: 'bulk',
      UserPoolId: poolId,
      CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/Import',
    }),
  );
  const baseline = rssMb();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb());
  }, 100);
  try {
    const uploadStart = Date.now();
    const res = await fetch(
      job?.PreSignedUrl as string,
      {
        method: 'PUT',
        headers: { 'x-amz-server-side-encryption': 'aws:kms' },
        body: importCsvStream(header, USERS),
        duplex: 'half',
      } as RequestInit,
    );
    assert.equal(res.status, 200, await res.text());
    const uploadSeconds = (Date.now() - uploadStart) / 1000;
    const afterUpload = peak;

    const started = Date.now();
    await admin.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job?.JobId }));
    let status = 'Pending';
    let described: DescribeUserImportJobCommandOutput;
    do {
      await new Promise((r) => setTimeout(r, 500));
      described = await admin.send(
        new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job?.JobId }),
      );
      status = described.UserImportJob?.Status as string;
    } while (!['Succeeded', 'Failed', 'Stopped'].includes(status));
    const seconds = (Date.now() - started) / 1000;
    assert.equal(status, 'Succeeded', described.UserImportJob?.CompletionMessage);
    assert.equal(described.UserImportJob?.ImportedUsers, USERS);
    assert.equal(described.UserImportJob?.FailedUsers, 0);
    const mb = (Number(res.headers.get('content-length')) || 0) / 1e6;
    t.diagnostic(
      `${testStore}: uploaded ${USERS} users in ${uploadSeconds.toFixed(1)} s${mb ? ` (${mb} MB)` : ''}; ` +
        `imported in ${seconds.toFixed(1)} s = ${Math.round(USERS / seconds)} users/s; ` +
        `server RSS ${baseline.toFixed(0)} MB before, peak ${afterUpload.toFixed(0)} MB during the upload, ${peak.toFixed(0)} MB during the import`,
    );
    assert.ok(
      peak - baseline < RSS_BUDGET_MB,
      `server RSS grew by ${(peak - baseline).toFixed(0)} MB (budget ${RSS_BUDGET_MB} MB)`,
    );
  } finally {
    clearInterval(sampler);
  }
});
