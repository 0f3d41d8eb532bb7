// The first five minutes (issue 17), as the README's quick start tells them: from an empty app
// folder and a fresh server, install the CLI and the client library from this checkout, run
// `cognate init`, `cognate add auth` and `cognate push` in a real terminal taking every default,
// then a small Node app imports the generated aws-exports.js with @cognate/auth, signs a user up,
// reads the code from the dev outbox, confirms and signs in. The commands are the README's: the
// test checks each one it runs is there, word for word.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '@cognate/server/testing';
import { Terminal } from './helpers.ts';

const run = promisify(execFile);
const checkout = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const rootReadme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The quick start's commands, as the README gives them. */
const INSTALL = 'npm install <checkout>/packages/cli <checkout>/packages/auth';
const SERVE = 'npx --no cognate serve';
const STEPS = ['npx --no cognate init', 'npx --no cognate add auth', 'npx --no cognate push'];
const APP = `import { Amplify, Auth } from '@cognate/auth';
import awsconfig from './src/aws-exports.js';

Amplify.configure(awsconfig);`;

/**
 * npm's own settings handed down by `npm test` (the checkout as prefix, workspace flags) would
 * make an install in the app folder land in the checkout: the app gets a clean npm environment.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_/i.test(key) && !/^npm_config_(cache|registry|userconfig)$/i.test(key)) {
      delete env[key];
    }
  }
  return env;
}

/** The newest modification time under `dir` (sources), to tell a stale build. */
function newest(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => !f.includes('.test.'))
      .map((f) => statSync(path.join(dir, f)).mtimeMs),
  );
}

let app: string;
let server: TestServer;

before(async () => {
  // `npm ci` in the checkout built dist/ of each package (the root's `prepare`); a source
  // changed since then is built again, as `npm run build` would.
  for (const pkg of ['cli', 'auth']) {
    const dir = path.join(checkout, 'packages', pkg);
    const main = path.join(dir, 'dist', pkg === 'cli' ? 'main.js' : 'index.js');
    if (!existsSync(main) || statSync(main).mtimeMs < newest(path.join(dir, 'src'))) {
      await run('npm', ['run', 'build'], { cwd: dir, env: npmEnv() });
    }
  }
  app = mkdtempSync(path.join(tmpdir(), 'cognate-first-app-'));
  writeFileSync(
    path.join(app, 'package.json'),
    `${JSON.stringify({ name: 'first-app', private: true, type: 'module' }, null, 2)}\n`,
  );
  // `npx --no cognate serve` in the app: a fresh server whose data folder is the app's .cognate.
  server = await startTestServer({ dataDir: path.join(app, '.cognate') });
});

after(() => server?.close());

test('the README gives the commands this test runs', () => {
  for (const line of [INSTALL, SERVE, ...STEPS, APP]) assert.ok(readme.includes(line), line);
  // The root README's short form: the same commands, each at the start of a line.
  for (const line of [INSTALL, SERVE, ...STEPS]) {
    assert.match(
      rootReadme,
      new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`, 'm'),
      line,
    );
  }
});

test('install, init, add auth, push with the defaults; the app signs a user up and in', {
  timeout: 120_000,
}, async () => {
  const started = Date.now();
  const [npm, ...args] = INSTALL.replaceAll('<checkout>', checkout).split(' ');
  await run(npm, [...args, '--offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: app,
    env: npmEnv(),
  });
  assert.ok(existsSync(path.join(app, 'node_modules', '.bin', 'cognate')));

  for (const step of STEPS) {
    const [npx, ...words] = step.split(' ');
    const term = new Terminal(app, words.slice(2), [npx, words[0], words[1]]);
    try {
      const { code, screen } = await term.acceptDefaults();
      assert.equal(code, 0, `${step}:\n${screen}`);
      if (step.endsWith('push')) assert.match(screen, /✔ wrote src\/aws-exports\.js/);
    } finally {
      term.close();
    }
  }
  const env = JSON.parse(
    readFileSync(path.join(app, 'cognate', 'team-provider-info.json'), 'utf8'),
  );
  assert.equal(env.dev.endpoint, server.url, 'init found the server running here');

  writeFileSync(
    path.join(app, 'app.mjs'),
    `${APP}

const email = process.argv[2];
const password = 'Correct-horse-1';
await Auth.signUp({ username: email, password, attributes: { email } });
const outbox = await fetch(\`\${awsconfig.Auth.endpoint}/_dev/outbox?username=\${encodeURIComponent(email)}\`);
const { messages } = await outbox.json();
await Auth.confirmSignUp(email, messages[0].code);
const user = await Auth.signIn(email, password);
console.log(JSON.stringify({ signedIn: user.signInUserSession.getIdToken().payload.email }));
`,
  );
  const { stdout } = await run(process.execPath, ['app.mjs', 'me@example.com'], { cwd: app });
  assert.deepEqual(JSON.parse(stdout.trim().split('\n').pop() as string), {
    signedIn: 'me@example.com',
  });
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`# first five minutes took ${seconds.toFixed(1)} s\n`);
});
