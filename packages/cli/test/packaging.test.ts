// The publishable packages as users get them: `npm pack` of @cognate/server, @cognate/cli and
// @cognate/auth (each builds itself in prepack), the tarballs installed with `npm install` into
// an empty folder, then run there with plain node: no tsx, no workspace, only the tarballs and
// their dependencies from the registry (or npm's cache). Slow (npm install compiles
// better-sqlite3 where no prebuilt binary can be downloaded), so it lives in this workspace,
// whose tests run once, not once per store like the server's.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const packages = ['@cognate/server', '@cognate/cli', '@cognate/auth'];

/**
 * The environment for the npm commands run here. Under `npm test`, npm hands its own settings
 * down as npm_* variables; `npm_config_local_prefix` (the checkout) would make the install in the
 * temporary folder land in the checkout, and the workspace flags would make it a workspace
 * command. The user's other settings (registry, cache, proxy) stay.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    const lower = key.toLowerCase();
    if (
      (lower.startsWith('npm_') && !lower.startsWith('npm_config_')) ||
      /^npm_config_(local_prefix|prefix|workspaces?|include_workspace_root|if_present)$/.test(lower)
    ) {
      delete env[key];
    }
  }
  return env;
}

/** Runs npm with `args` in `cwd`; resolves to its stdout, or rejects with its output. */
async function npm(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('npm', args, {
      cwd,
      env: npmEnv(),
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${e.stdout}\n${e.stderr}`);
  }
}

describe('packed and installed', { timeout: 15 * 60_000 }, () => {
  let dir: string;
  let app: string;
  let server: ChildProcess | undefined;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cognate-packaging-'));
    const output = await npm(repo, [
      'pack',
      '--json',
      '--pack-destination',
      dir,
      ...packages.flatMap((p) => ['-w', p]),
    ]);
    // The prepack builds print on the same stdout before npm's JSON array.
    const packed = JSON.parse(output.slice(output.search(/^\[$/m))) as {
      name: string;
      filename: string;
      files: { path: string }[];
    }[];
    assert.deepEqual(packed.map((p) => p.name).sort(), [...packages].sort());
    for (const p of packed) {
      // Only what runs goes out: the build, no TypeScript sources of the server or the CLI.
      const paths = p.files.map((f) => f.path);
      assert.ok(paths.includes('dist/index.js') || paths.includes('dist/main.js'), p.name);
      if (p.name !== '@cognate/auth') {
        assert.ok(!paths.some((f) => f.startsWith('src/') || f.includes('.test.')), p.name);
      }
    }
    app = path.join(dir, 'app');
    mkdirSync(app);
    writeFileSync(
      path.join(app, 'package.json'),
      `${JSON.stringify(
        {
          name: 'cognate-packaging-test',
          private: true,
          type: 'module',
          // better-sqlite3 builds its native module in an install script.
          allowScripts: { 'better-sqlite3': true },
        },
        null,
        2,
      )}\n`,
    );
    await npm(app, [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...packed.map((p) => path.join(dir, p.filename)),
    ]);
  });

  after(() => {
    server?.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the install holds no tsx and no TypeScript loader: the bins run compiled code', () => {
    assert.ok(!existsSync(path.join(app, 'node_modules', 'tsx')));
    for (const p of ['@cognate/server', '@cognate/cli']) {
      const manifest = JSON.parse(
        readFileSync(path.join(app, 'node_modules', p, 'package.json'), 'utf8'),
      );
      assert.ok(!manifest.dependencies?.tsx, `${p} depends on tsx`);
    }
    // The server's AWS SDK imports are types only: nothing of it ships as a dependency.
    const serverManifest = JSON.parse(
      readFileSync(path.join(app, 'node_modules', '@cognate/server', 'package.json'), 'utf8'),
    );
    assert.ok(!serverManifest.dependencies?.['@aws-sdk/client-cognito-identity-provider']);
    // …and none of its compiled code imports it (the CLI's dependency puts it in this install).
    const serverDist = path.join(app, 'node_modules', '@cognate', 'server', 'dist');
    for (const file of readdirSync(serverDist, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.js')) continue;
      const code = readFileSync(path.join(serverDist, file), 'utf8');
      assert.doesNotMatch(code, /from\s*["']@aws-sdk\/|import\(\s*["']@aws-sdk\//, file);
    }
  });

  test('the installed cognate-server starts on SQLite and answers /health', async () => {
    const child = spawn(
      process.execPath,
      [path.join(app, 'node_modules', '.bin', 'cognate-server'), '--data-dir', 'data'],
      {
        cwd: app,
        env: {
          ...process.env,
          COGNATE_PORT: '0',
          COGNATE_DATABASE_URL: '',
          COGNATE_LOG_LEVEL: 'warn',
        },
      },
    );
    server = child;
    let out = '';
    child.stdout?.on('data', (c) => {
      out += c;
    });
    child.stderr?.on('data', (c) => {
      out += c;
    });
    const deadline = Date.now() + 30_000;
    let url: string | undefined;
    while (!url) {
      assert.ok(Date.now() < deadline && child.exitCode === null, `no start:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
      url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    }
    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 200);
    assert.match(out, /user pool:\s+us-east-1_\w+/);
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGTERM');
    await exited;
  });

  test('the installed cognate prints its help', async () => {
    const { stdout } = await run(
      process.execPath,
      [path.join(app, 'node_modules', '.bin', 'cognate'), '--help'],
      { cwd: app },
    );
    assert.match(stdout, /^Usage: cognate/);
    assert.match(stdout, /\bpush\b/);
  });

  test('the installed @cognate/auth imports in Node and bundles for the browser', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { Auth, signIn } from '@cognate/auth'; console.log(typeof Auth.signIn, typeof signIn);",
      ],
      { cwd: app },
    );
    assert.equal(stdout.trim(), 'function function');
    // platform=browser fails on any Node module anywhere in the graph.
    const bundle = await build({
      stdin: {
        contents: "import { Amplify, signIn } from '@cognate/auth'; console.log(Amplify, signIn);",
        resolveDir: app,
      },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
    });
    assert.equal(bundle.errors.length, 0);
    assert.match(bundle.outputFiles[0].text, /signIn/);
  });

  test('the server package exports its credentials-file reader to other packages', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { credentialsFromIni } from '@cognate/server/credentials-file'; console.log(JSON.stringify(credentialsFromIni('[cognate]\\naws_access_key_id = AK\\naws_secret_access_key = s\\n', 'cognate')));",
      ],
      { cwd: app },
    );
    assert.deepEqual(JSON.parse(stdout), { accessKeyId: 'AK', secretAccessKey: 's' });
  });
});
