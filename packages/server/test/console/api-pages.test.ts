// The console's pages: index.html at /console and /console/ (not cached), hashed assets cached
// for good, nothing outside dist/ reachable, security headers; a page saying how to build it when
// dist/ is missing; and the real server finds the @cognate/console package.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerPages } from '../../src/protocols/console/pages.ts';
import { consolePackageDir, UiFiles } from '../../src/protocols/console/ui-files.ts';
import { startTestServer } from '../support/index.ts';

async function pagesApp(packageDir: string): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  await app.register(async (scope) => registerPages(scope, new UiFiles(packageDir)), {
    prefix: '/console',
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url };
}

describe('console pages from a built dist/', () => {
  let dir: string;
  let app: FastifyInstance;
  let url: string;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cognate-console-pkg-'));
    writeFileSync(path.join(dir, 'package.json'), '{"name":"@cognate/console"}');
    mkdirSync(path.join(dir, 'dist', 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'dist', 'index.html'), '<!doctype html><title>Console</title>');
    writeFileSync(path.join(dir, 'dist', 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'dist', 'favicon.svg'), '<svg/>');
    writeFileSync(path.join(dir, 'secret.txt'), 'outside dist');
    ({ app, url } = await pagesApp(dir));
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('index.html at /console and /console/, never cached', async () => {
    for (const p of ['/console', '/console/']) {
      const res = await fetch(`${url}${p}`);
      assert.equal(res.status, 200, p);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      assert.match(await res.text(), /<title>Console<\/title>/);
    }
  });

  test('hashed assets are immutable; other dist files are served; nothing else is', async () => {
    const js = await fetch(`${url}/console/assets/index-abc123.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(js.headers.get('cache-control') ?? '', /immutable/);
    const icon = await fetch(`${url}/console/favicon.svg`);
    assert.equal(icon.status, 200);
    assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
    for (const p of [
      '/console/assets/nope.js',
      '/console/assets/..%2F..%2Fsecret.txt',
      '/console/..%2Fsecret.txt',
      '/console/assets/%2e%2e/index.html',
      '/console/.hidden',
    ]) {
      const res = await fetch(`${url}${p}`);
      assert.equal(res.status, 404, p);
      assert.doesNotMatch(await res.text(), /outside dist/);
    }
  });

  test('without a build, /console says to run npm run build (503)', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'cognate-console-empty-'));
    const unbuilt = await pagesApp(empty);
    try {
      const res = await fetch(`${unbuilt.url}/console`);
      assert.equal(res.status, 503);
      assert.match(await res.text(), /npm run build/);
    } finally {
      await unbuilt.app.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

test('the server finds the @cognate/console package and serves its build with security headers', async () => {
  const packageDir = consolePackageDir();
  assert.ok(packageDir, 'the console package is found');
  assert.equal(path.basename(packageDir), 'console');
  const t = await startTestServer();
  try {
    const res = await fetch(`${t.url}/console`);
    assert.equal(res.status, new UiFiles(packageDir).built() ? 200 : 503);
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  } finally {
    await t.close();
  }
});
