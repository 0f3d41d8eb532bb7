// Finding 13 (issue 18): the import upload token was logged at info level with its URL. No secret
// reaches the log: query values that grant something and credential headers are redacted in
// every logged URL and header.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { defaults } from '../../src/config.ts';
import { REDACTED, redactHeaders, redactUrl } from '../../src/protocols/http/log-redaction.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { createTestDatabase, type TestDatabase } from '../support/index.ts';

const SECRET = 'S3cr3tT0ken0fTh1sTest';
const lines: string[] = [];
let server: RunningServer;
let db: TestDatabase;
let dataDir: string;

before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'cognate-log-'));
  db = await createTestDatabase();
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  server = await startServer(
    { ...defaults, port: 0, dataDir, database: db.url, logLevel: 'debug', seed: false },
    { log },
  );
});
after(async () => {
  await server.close();
  await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('URLs and credential headers in the server log are redacted', async () => {
  const url = server.url;
  const requests: [string, RequestInit][] = [
    [`${url}/_import/import-abcdefghij?token=${SECRET}`, { method: 'PUT', body: 'x' }],
    [`${url}/_import/import-abcdefghij?token=${SECRET}`, { method: 'GET' }],
    [`${url}/oauth2/idpresponse?code=${SECRET}&state=abc`, {}],
    [`${url}/nothing/here?access_token=${SECRET}&X-Amz-Signature=${SECRET}`, {}],
    [
      `${url}/health`,
      {
        headers: {
          authorization: `Bearer ${SECRET}`,
          cookie: `session=${SECRET}`,
          'x-amz-security-token': SECRET,
        },
      },
    ],
  ];
  for (const [u, init] of requests) await (await fetch(u, init)).text();
  await new Promise((r) => setTimeout(r, 100));
  const log = lines.join('');
  assert.ok(
    log.includes('/_import/import-abcdefghij?token=[REDACTED]'),
    'the upload URL is logged, redacted',
  );
  assert.ok(log.includes('code=[REDACTED]&state=abc'));
  assert.ok(!log.includes(SECRET), 'no line carries the secret');
});

test('redactUrl and redactHeaders', () => {
  assert.equal(redactUrl('/a?token=1&b=2&Code=3#f'), `/a?token=${REDACTED}&b=2&Code=${REDACTED}#f`);
  assert.equal(redactUrl('/plain/path'), '/plain/path');
  assert.equal(
    redactUrl('/a?refresh_token=x&id_token=y'),
    `/a?refresh_token=${REDACTED}&id_token=${REDACTED}`,
  );
  assert.deepEqual(redactHeaders({ Authorization: 'x', 'set-cookie': ['a'], accept: '*/*' }), {
    Authorization: REDACTED,
    'set-cookie': REDACTED,
    accept: '*/*',
  });
});
