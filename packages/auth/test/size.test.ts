// `npm run size` (scripts/size.mjs): what a page loads up front for configure + signUp +
// confirmSignUp + signIn + currentSession + signOut through @cognate/auth's v5 `Auth` object
// (every method there, MFA and devices included, the rarely used ones loading on first use) is
// under 10,000 bytes minified and gzipped, and at least 6x smaller than aws-amplify v5's Auth
// measured the same way.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../scripts/size.mjs');

interface SizeReport {
  rows: {
    key: string;
    name: string;
    min: number;
    gzip: number;
    laterGzip: number;
    ratio: number | null;
  }[];
  limits: { gzipBytes: number; minRatioVsAmplifyV5: number };
  problems: string[];
  ok: boolean;
}

function run(...args: string[]) {
  const out = spawnSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

test('npm run size: the Auth object loads under 10 KB gzipped, 6x less than aws-amplify v5 Auth', () => {
  const { code, stdout, stderr } = run('--json');
  const report = JSON.parse(stdout) as SizeReport;
  const row = (key: string) => report.rows.find((r) => r.key === key);
  for (const r of report.rows) {
    console.log(`# ${r.name}: ${r.min} bytes min, ${r.gzip} gzip, ${r.ratio?.toFixed(2) ?? '-'}x`);
  }
  // The peers are measured in the same run.
  assert.ok(row('amplify-v5'), `aws-amplify v5 Auth was measured: ${report.problems.join('; ')}`);
  assert.ok(row('identity-js'), 'amazon-cognito-identity-js was measured');
  assert.ok((row('amplify-v5')?.gzip ?? 0) > 20_000, 'aws-amplify v5 Auth bundles its real code');
  const cognate = row('cognate');
  assert.ok(cognate, `@cognate/auth was measured: ${report.problems.join('; ')}`);
  assert.deepEqual(report.problems, [], 'no target is missed');
  assert.equal(report.limits.gzipBytes, 10_000);
  assert.equal(report.limits.minRatioVsAmplifyV5, 6);
  assert.ok(cognate.gzip < report.limits.gzipBytes);
  // MFA, devices, attributes and the hosted UI are in the library, loaded on first use.
  assert.ok(cognate.laterGzip > 4_000, `the lazily loaded part is ${cognate.laterGzip} bytes`);
  assert.ok((row('amplify-v5')?.ratio ?? 0) >= report.limits.minRatioVsAmplifyV5);
  assert.equal(report.ok, true);
  assert.equal(code, 0, stderr);
});

test('npm run size prints a table of the three libraries', () => {
  const { stdout } = run();
  assert.match(stdout, /\| bundle +\| bytes min \| bytes min\+gzip \| vs @cognate\/auth \|/);
  assert.match(stdout, /aws-amplify v5 Auth/);
  assert.match(stdout, /amazon-cognito-identity-js/);
});
