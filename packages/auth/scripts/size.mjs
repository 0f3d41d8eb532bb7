// Bundle size of @cognate/auth next to aws-amplify v5's Auth and amazon-cognito-identity-js.
//
//   node packages/auth/scripts/size.mjs [--json]      (or `npm run size` at the root)
//
// Each library gets an entry that imports it and uses the same operations (configure, signUp,
// confirmSignUp, signIn, currentSession, signOut). esbuild bundles each entry for browsers,
// minified (ESM, production defines, code splitting as app bundlers do it), and node:zlib gzips
// each file at level 9. A bundle's size is what a page loads before the first call: the entry
// file and the chunks it imports statically, each gzipped on its own as a server sends them;
// chunks reached only through import() load on first use and are shown apart ("later").
// The table shows bytes minified, bytes minified+gzipped and how many times larger each is than
// @cognate/auth through its v5 `Auth` object (every method there; MFA, devices, attributes and
// the hosted UI load on first use). aws-amplify v5's Auth is `import { Auth } from
// '@aws-amplify/auth'`, resolved from the `aws-amplify-v5` dev dependency (npm:aws-amplify@5)
// so that it gets its own v5 packages; @cognate/auth's v6 functions and aws-amplify v6's
// (`aws-amplify/auth`) are shown for information.
//
// Exits 1 when @cognate/auth's Auth object is over 10,000 bytes gzipped, is not at least 6x
// smaller than aws-amplify v5's Auth, or lacks one of the operations; 2 when a bundle does not
// build.
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

/** The limits: bytes gzipped, and times smaller than aws-amplify v5's Auth. */
export const LIMIT_GZIP_BYTES = 10_000;
export const MIN_RATIO = 6;

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
  splitting: true,
  outdir: '/size-out',
  metafile: true,
  // What a browser bundler (Vite, webpack 5) sets for a production build.
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
};

/** The names `packages/auth/src/index.ts` exports, or undefined when it does not build yet. */
async function cognateExports() {
  try {
    const result = await build({ ...common, minify: false, entryPoints: [sourceEntry] });
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

/**
 * Bundles `contents` and measures what loads up front (the entry and its static imports) and
 * what loads on first use (chunks reached only by import()).
 */
async function measure(name, contents, resolveDir) {
  const result = await build({
    ...common,
    stdin: { contents, resolveDir, sourcefile: 'size-entry.js', loader: 'js' },
  });
  const files = new Map(result.outputFiles.map((f) => [f.path, f.contents]));
  const meta = result.metafile.outputs;
  const key = (p) => path.resolve(p);
  const entry = Object.keys(meta).find((k) => meta[k].entryPoint);
  const upFront = new Set();
  const visit = (out) => {
    if (upFront.has(out)) return;
    upFront.add(out);
    for (const i of meta[out].imports) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(entry);
  const sum = (outs) => {
    let min = 0;
    let gzip = 0;
    for (const out of outs) {
      const code = files.get(key(out));
      min += code.length;
      gzip += gzipSync(code, { level: 9 }).length;
    }
    return { min, gzip };
  };
  const later = Object.keys(meta).filter((k) => !upFront.has(k) && !k.endsWith('.map'));
  const first = sum(upFront);
  return { name, ...first, files: upFront.size, laterGzip: sum(later).gzip };
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
  if (names?.includes('Auth') && names.includes('Amplify')) {
    await attempt('cognate', '@cognate/auth (v5 Auth object)', cognateAuthClassEntry, authDir);
  } else {
    errors.push('@cognate/auth: does not export Amplify and Auth');
  }
  if (cognate) {
    await attempt(
      'cognate-functions',
      `@cognate/auth (${cognate.label})`,
      cognate.contents,
      authDir,
    );
  } else {
    errors.push(`@cognate/auth: ${path.relative(rootDir, sourceEntry)} does not build`);
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
  const head = ['bundle', 'bytes min', 'bytes min+gzip', 'vs @cognate/auth', 'later, gzip'];
  const body = rows.map((r) => [
    r.name,
    r.min.toLocaleString('en-US'),
    r.gzip.toLocaleString('en-US'),
    r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`,
    r.laterGzip ? r.laterGzip.toLocaleString('en-US') : '-',
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
      `Browser bundles (esbuild, minified, ESM, split) of ${report.operations.join(' + ')}; gzip level 9.`,
    );
    console.log(
      'Sizes count what loads up front; "later" is what loads on first use of other methods.\n',
    );
    console.log(table(report.rows));
    console.log(
      `\nTargets: @cognate/auth's Auth object under ${LIMIT_GZIP_BYTES.toLocaleString('en-US')} bytes gzipped and at least ${MIN_RATIO}x smaller than aws-amplify v5 Auth.`,
    );
    for (const p of report.problems) console.log(`FAIL: ${p}`);
    if (report.ok) console.log('OK: both targets met.');
  }
  process.exitCode = report.ok ? 0 : report.buildFailed ? 2 : 1;
}
