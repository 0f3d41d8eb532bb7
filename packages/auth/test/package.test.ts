// Packaging rules: no Node built-ins in src/ (browser bundle), tree-shaking of the v5 class,
// and the public API the example app and browser tests build on.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import * as api from '../src/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const full = path.join(dir, n);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

/**
 * The code a page loads up front for `contents`: the entry and the chunks it imports statically
 * (code behind import() is split off, as app bundlers do it).
 */
async function bundle(contents: string, splitting = true): Promise<string> {
  const out = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    minify: true,
    splitting,
    outdir: '/bundle-out',
    metafile: true,
    logLevel: 'silent',
  });
  const meta = out.metafile.outputs;
  const text = new Map(out.outputFiles.map((f) => [f.path, f.text]));
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of meta[file].imports) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(Object.keys(meta).find((k) => meta[k].entryPoint) as string);
  return [...seen].map((f) => text.get(path.resolve(f)) ?? '').join('\n');
}

test('src/ imports no Node built-in, and bundles for the browser', async () => {
  for (const file of files(src)) {
    // Comments may name what the code avoids; only code counts.
    const code = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    assert.doesNotMatch(
      code,
      /from ['"]node:|\brequire\(|\bBuffer\.|\bprocess\.(env|versions|nextTick|platform)\b/,
      path.relative(root, file),
    );
  }
  // platform=browser fails on any Node module (node:*, fs, crypto…) anywhere in the graph.
  const code = await bundle("export * from './src/index.ts';");
  assert.ok(code.length > 0);
});

test('the v6 functions do not pull in the v5 Auth class', async () => {
  const v6 = await bundle(
    "import { Amplify, signIn, signOut, fetchAuthSession } from './src/index.ts'; console.log(Amplify, signIn, signOut, fetchAuthSession);",
  );
  const v5 = await bundle("import { Auth } from './src/index.ts'; console.log(Auth);");
  assert.doesNotMatch(v6, /sendCustomChallengeAnswer|verifyTotpToken|ConfirmDevice/);
  assert.match(v5, /sendCustomChallengeAnswer/);
  // MFA, devices and the other rarely used calls load on first use, not with the sign-in path.
  assert.doesNotMatch(v5, /AssociateSoftwareToken|ConfirmDevice|DEVICE_PASSWORD_VERIFIER/);
  assert.doesNotMatch(v5, /SetUserMFAPreference|ListDevices|GetCredentialsForIdentity/);
  // esbuild keeps a dead import()'s chunk when splitting (Rollup does not), so this one unsplit.
  const hubOnly = await bundle("import { Hub } from './src/index.ts'; console.log(Hub);", false);
  assert.ok(hubOnly.length < 3000, `Hub alone is ${hubOnly.length} bytes`);
});

test('the public API: Amplify v5 Auth plus the v6 functions', () => {
  const v5 = [
    'configure',
    'signUp',
    'confirmSignUp',
    'resendSignUp',
    'signIn',
    'confirmSignIn',
    'completeNewPassword',
    'sendCustomChallengeAnswer',
    'signOut',
    'currentSession',
    'currentAuthenticatedUser',
    'currentUserInfo',
    'currentUserPoolUser',
    'userAttributes',
    'updateUserAttributes',
    'deleteUserAttributes',
    'verifyCurrentUserAttribute',
    'verifyCurrentUserAttributeSubmit',
    'changePassword',
    'forgotPassword',
    'forgotPasswordSubmit',
    'deleteUser',
    'setupTOTP',
    'verifyTotpToken',
    'setPreferredMFA',
    'getPreferredMFA',
    'rememberDevice',
    'forgetDevice',
    'fetchDevices',
    'currentCredentials',
    'essentialCredentials',
    'federatedSignIn',
  ];
  for (const name of v5) {
    assert.equal(
      typeof (api.Auth as unknown as Record<string, unknown>)[name],
      'function',
      `Auth.${name}`,
    );
  }
  const v6 = [
    'signIn',
    'signUp',
    'confirmSignUp',
    'resendSignUpCode',
    'signOut',
    'fetchAuthSession',
    'getCurrentUser',
    'fetchUserAttributes',
    'updateUserAttributes',
    'confirmSignIn',
    'resetPassword',
    'confirmResetPassword',
    'updatePassword',
    'deleteUser',
    'signInWithRedirect',
  ];
  for (const name of v6) {
    assert.equal(typeof (api as Record<string, unknown>)[name], 'function', name);
  }
  assert.equal(typeof api.Amplify.configure, 'function');
  assert.equal(typeof api.Hub.listen, 'function');
  assert.equal(typeof api.Hub.remove, 'function');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert.equal(pkg.sideEffects, false);
  assert.equal(pkg.type, 'module');
});

test('npm run build: dist/index.js (ESM) and declarations that name .js files', async () => {
  execFileSync(process.execPath, [path.join(root, 'build.mjs')], { cwd: root, stdio: 'pipe' });
  const dist = await import(path.join(root, 'dist/index.js'));
  assert.equal(typeof dist.Auth.signIn, 'function');
  assert.equal(typeof dist.fetchAuthSession, 'function');
  const types = readFileSync(path.join(root, 'dist/index.d.ts'), 'utf8');
  assert.match(types, /from '\.\/auth-class\.js'/);
  assert.doesNotMatch(types, /\.ts'/);
});
