// Bundle size of @cognate/auth next to aws-amplify v5's Auth and amazon-cognito-identity-js.
//
//   node packages/auth/scripts/size.mjs [--json]      (or `npm run size` at the root)
//
// Each library gets an entry that imports it and uses the same operations (configure, signUp,
// confirmSignUp, signIn, currentSession, signOut). esbuild bundles each entry for browsers,
// minified (ESM, production defines), and node:zlib gzips the result at level 9. The table shows
// bytes minified, bytes minified+gzipped and how many times larger each is than @cognate/auth.
// aws-amplify v5's Auth is `import { Auth } from '@aws-amplify/auth'`, resolved from the
// `aws-amplify-v5` dev dependency (npm:aws-amplify@5) so that it gets its own v5 packages; the
// v6 functions (`aws-amplify/auth`) are shown for information.
//
// Exits 1 when @cognate/auth is over 15,000 bytes gzipped, is not at least 5x smaller than
// aws-amplify v5's Auth, or lacks one of the operations; 2 when a bundle does not build.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const authDir = path.resolve(here, '..');
const rootDir = path.resolve(authDir, '../..');
const sourceEntry = path.join(authDir, 'src/index.ts');

/** The limits of issue 5. */
export const LIMIT_GZIP_BYTES = 15_000;
export const MIN_RATIO = 5;

const require = createRequire(path.join(rootDir, 'package.json'));

/** Folder of an installed package, found the way Node finds it from the repository root. */
function packageDir(name) {
  return path.dirname(require.resolve(`${name}/package.json`));
}

function version(dir) {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
}

const common = {
  bundle: true,
  minify: true,
  write: false,
  platform: 'browser',
  format: 'esm',
  target: 'es2020',
  legalComments: 'none',
  logLevel: 'silent',
  // What a browser bundler (Vite, webpack 5) sets for a production build.
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
};

/** The names `packages/auth/src/index.ts` exports, or undefined when it does not build yet. */
async function cognateExports() {
  try {
    const result = await build({
      ...common,
      minify: false,
      entryPoints: [sourceEntry],
      metafile: true,
      outdir: '/tmp/cognate-size-probe',
    });
    return Object.values(result.metafile.outputs).flatMap((o) => o.exports ?? []);
  } catch {
    return undefined;
  }
}

/**
 * The @cognate/auth entry, written against whatever the package exports: the v6-style functions
 * where they exist (tree-shakable), else the methods of its `Auth` object.
 */
function cognateEntry(names) {
  const has = (n) => names.includes(n);
  const from = JSON.stringify(sourceEntry);
  const imports = new Set();
  const lines = [];
  const missing = [];
  const fn = (op, ...candidates) => {
    const found = candidates.find(has);
    if (found) {
      imports.add(found);
      lines.push(`export const ${op} = $${found};`);
    } else if (has('Auth')) {
      imports.add('Auth');
      lines.push(`export const ${op} = (...a) => $Auth.${op}(...a);`);
    } else {
      missing.push(op);
    }
  };
  if (has('Amplify')) {
    imports.add('Amplify');
    lines.push('export const configure = (c) => $Amplify.configure(c);');
  } else if (has('Auth')) {
    imports.add('Auth');
    lines.push('export const configure = (c) => $Auth.configure(c);');
  } else if (has('configure')) {
    imports.add('configure');
    lines.push('export const configure = $configure;');
  } else {
    missing.push('configure');
  }
  fn('signUp', 'signUp');
  fn('confirmSignUp', 'confirmSignUp');
  fn('signIn', 'signIn');
  fn('currentSession', 'currentSession', 'fetchAuthSession');
  fn('signOut', 'signOut');
  const list = [...imports].map((n) => `${n} as $${n}`).join(', ');
  const head = imports.size ? `import { ${list} } from ${from};\n` : '';
  const used = [...imports].filter((n) => n !== 'Amplify' && n !== 'Auth');
  const label = used.length ? `functions ${used.join(', ')}` : 'Auth';
  return { contents: head + lines.join('\n'), missing, label };
}

/** @cognate/auth's v5 `Auth` object (all its methods come along), for information. */
const cognateAuthClassEntry = `
import { Amplify, Auth } from ${JSON.stringify(sourceEntry)};
export const configure = (c) => Amplify.configure(c);
export const signUp = (p) => Auth.signUp(p);
export const confirmSignUp = (u, c) => Auth.confirmSignUp(u, c);
export const signIn = (u, p) => Auth.signIn(u, p);
export const currentSession = () => Auth.currentSession();
export const signOut = (o) => Auth.signOut(o);
`;

/** aws-amplify v5: the Auth category alone, as an app that wants only Auth imports it. */
const amplifyV5Entry = `
import { Auth } from '@aws-amplify/auth';
export const configure = (c) => Auth.configure(c);
export const signUp = (p) => Auth.signUp(p);
export const confirmSignUp = (u, c) => Auth.confirmSignUp(u, c);
export const signIn = (u, p) => Auth.signIn(u, p);
export const currentSession = () => Auth.currentSession();
export const signOut = (o) => Auth.signOut(o);
`;

/** aws-amplify v6: its functional API, for information. */
const amplifyV6Entry = `
import { Amplify } from 'aws-amplify';
import { signUp, confirmSignUp, signIn, fetchAuthSession, signOut } from 'aws-amplify/auth';
export const configure = (c) => Amplify.configure(c);
export { signUp, confirmSignUp, signIn, fetchAuthSession as currentSession, signOut };
`;

/** amazon-cognito-identity-js doing the same operations with its own classes. */
const identityJsEntry = `
import {
  AuthenticationDetails, CognitoUser, CognitoUserAttribute, CognitoUserPool,
} from 'amazon-cognito-identity-js';
let pool;
const cb = (resolve, reject) => (err, result) => (err ? reject(err) : resolve(result));
export const configure = (c) => {
  pool = new CognitoUserPool({ UserPoolId: c.userPoolId, ClientId: c.userPoolWebClientId, endpoint: c.endpoint });
};
export const signUp = ({ username, password, attributes = {} }) =>
  new Promise((resolve, reject) => pool.signUp(username, password,
    Object.entries(attributes).map(([Name, Value]) => new CognitoUserAttribute({ Name, Value })),
    [], cb(resolve, reject)));
export const confirmSignUp = (username, code) =>
  new Promise((resolve, reject) =>
    new CognitoUser({ Username: username, Pool: pool }).confirmRegistration(code, true, cb(resolve, reject)));
export const signIn = (username, password) =>
  new Promise((resolve, reject) => {
    const user = new CognitoUser({ Username: username, Pool: pool });
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: () => resolve(user), onFailure: reject,
    });
  });
export const currentSession = () =>
  new Promise((resolve, reject) => {
    const user = pool.getCurrentUser();
    if (!user) return reject(new Error('No current user'));
    user.getSession(cb(resolve, reject));
  });
export const signOut = () => new Promise((resolve) => {
  const user = pool.getCurrentUser();
  if (user) user.signOut(() => resolve()); else resolve();
});
`;

async function measure(name, contents, resolveDir) {
  const result = await build({
    ...common,
    stdin: { contents, resolveDir, sourcefile: 'size-entry.js', loader: 'js' },
  });
  const code = result.outputFiles[0].contents;
  return { name, min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

/** Builds and measures every bundle; returns the rows and the verdict. */
export async function measureAll() {
  const names = await cognateExports();
  const cognate = names ? cognateEntry(names) : undefined;
  const v5Dir = packageDir('aws-amplify-v5');
  const v5AuthDir = path.dirname(
    createRequire(path.join(v5Dir, 'package.json')).resolve('@aws-amplify/auth/package.json'),
  );
  const v6Dir = packageDir('aws-amplify');
  const idDir = packageDir('amazon-cognito-identity-js');
  const errors = [];
  const rows = [];
  const attempt = async (key, label, contents, dir) => {
    try {
      rows.push({ key, ...(await measure(label, contents, dir)) });
    } catch (err) {
      errors.push(`${label}: ${err.errors?.map((e) => e.text).join('; ') ?? err.message}`);
    }
  };
  if (cognate)
    await attempt('cognate', `@cognate/auth (${cognate.label})`, cognate.contents, authDir);
  else errors.push(`@cognate/auth: ${path.relative(rootDir, sourceEntry)} does not build`);
  if (names?.includes('Auth') && names.includes('Amplify') && cognate?.label !== 'Auth') {
    try {
      rows.push({
        key: 'cognate-auth-class',
        ...(await measure('@cognate/auth (v5 Auth object)', cognateAuthClassEntry, authDir)),
      });
    } catch (err) {
      errors.push(
        `@cognate/auth Auth object: ${err.errors?.map((e) => e.text).join('; ') ?? err.message}`,
      );
    }
  }
  await attempt(
    'amplify-v5',
    `aws-amplify v5 Auth (@aws-amplify/auth ${version(v5AuthDir)})`,
    amplifyV5Entry,
    v5Dir,
  );
  await attempt(
    'identity-js',
    `amazon-cognito-identity-js ${version(idDir)}`,
    identityJsEntry,
    rootDir,
  );
  await attempt(
    'amplify-v6',
    `aws-amplify v6 auth functions (${version(v6Dir)})`,
    amplifyV6Entry,
    rootDir,
  );

  const base = rows.find((r) => r.key === 'cognate');
  for (const r of rows) r.ratio = base ? r.gzip / base.gzip : null;
  const v5 = rows.find((r) => r.key === 'amplify-v5');
  const problems = [...errors];
  if (cognate?.missing.length) {
    problems.push(`@cognate/auth does not export: ${cognate.missing.join(', ')}`);
  }
  if (base && base.gzip > LIMIT_GZIP_BYTES) {
    problems.push(`@cognate/auth is ${base.gzip} bytes gzipped, over ${LIMIT_GZIP_BYTES}`);
  }
  if (base && v5 && v5.ratio < MIN_RATIO) {
    problems.push(
      `@cognate/auth is only ${v5.ratio.toFixed(2)}x smaller than aws-amplify v5 Auth, not ${MIN_RATIO}x`,
    );
  }
  return {
    operations: ['configure', 'signUp', 'confirmSignUp', 'signIn', 'currentSession', 'signOut'],
    limits: { gzipBytes: LIMIT_GZIP_BYTES, minRatioVsAmplifyV5: MIN_RATIO },
    rows,
    problems,
    buildFailed: errors.length > 0,
    ok: problems.length === 0,
  };
}

function table(rows) {
  const head = ['bundle', 'bytes min', 'bytes min+gzip', 'vs @cognate/auth'];
  const body = rows.map((r) => [
    r.name,
    r.min.toLocaleString('en-US'),
    r.gzip.toLocaleString('en-US'),
    r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 2)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(head), rule, ...body.map(line)].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = await measureAll();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(
      `Browser bundles (esbuild, minified, ESM) of ${report.operations.join(' + ')}; gzip level 9.\n`,
    );
    console.log(table(report.rows));
    console.log(
      `\nTargets: @cognate/auth under ${LIMIT_GZIP_BYTES.toLocaleString('en-US')} bytes gzipped and at least ${MIN_RATIO}x smaller than aws-amplify v5 Auth.`,
    );
    for (const p of report.problems) console.log(`FAIL: ${p}`);
    if (report.ok) console.log('OK: both targets met.');
  }
  process.exitCode = report.ok ? 0 : report.buildFailed ? 2 : 1;
}
