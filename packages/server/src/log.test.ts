import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger, prettyFormatter } from './log.ts';

/** A stream that keeps what is written, as a terminal (isTTY) or a pipe would get it. */
function sink(isTTY: boolean) {
  const lines: string[] = [];
  return { isTTY, lines, write: (chunk: string) => lines.push(chunk) };
}

test('a terminal gets one readable line per request and a line that stands out per code', () => {
  process.env.NO_COLOR = '1';
  const out = sink(true);
  const log = createLogger({ level: 'info', format: 'auto' }, out);
  log.info({ reqId: 'r1', req: { method: 'POST', url: '/' } }, 'incoming request');
  log.info(
    {
      outbox: { to: 'me@example.com', channel: 'EMAIL', code: '123456', purpose: 'SignUp' },
    },
    'dev outbox: EMAIL to me@example.com: Your verification code is 123456',
  );
  log.info({ reqId: 'r1', res: { statusCode: 200 }, responseTime: 3.2 }, 'request completed');
  log.warn('careful');
  const text = out.lines.join('');
  assert.match(text, /✉ code 123456 for me@example\.com \(sign-up\)/);
  assert.match(text, /POST \/ 200 3ms/);
  assert.doesNotMatch(text, /incoming request|"level"/);
  assert.match(text, /WARN {2}careful/);
  assert.equal(text.trim().split('\n').length, 3);
});

test('JSON when not a terminal, or when asked on one', () => {
  for (const [isTTY, format] of [
    [false, 'auto'],
    [true, 'json'],
  ] as const) {
    const out = sink(isTTY);
    createLogger({ level: 'info', format }, out).info({ outbox: { code: '1' } }, 'x');
    assert.equal(JSON.parse(out.lines.join('')).outbox.code, '1');
  }
});

test('pretty when asked, even into a pipe; a non-JSON line passes through', () => {
  const out = sink(false);
  createLogger({ level: 'info', format: 'pretty' }, out).error(new Error('boom'), 'failed');
  assert.match(out.lines.join(''), /ERROR failed\nError: boom/);
  assert.equal(prettyFormatter()('plain\n'), 'plain\n');
});

test("the banner's AWS CLI line names AWS_CONFIG_FILE, the console and the dev outbox", async () => {
  const { startBanner } = await import('./serve.ts');
  const { defaults } = await import('./config.ts');
  const server = {
    url: 'http://127.0.0.1:9229',
    accessKey: { accessKeyId: 'AKTEST', secret: 's' },
    credentialsFile: '/srv/data/credentials',
  } as unknown as Parameters<typeof startBanner>[1];
  const banner = startBanner({ ...defaults, dataDir: '/srv/data' }, server, 1);
  assert.match(
    banner,
    /AWS_SHARED_CREDENTIALS_FILE=\/srv\/data\/credentials AWS_CONFIG_FILE=\/srv\/data\/config AWS_PROFILE=cognate/,
  );
  assert.match(banner, /console: +http:\/\/127\.0\.0\.1:9229\/console/);
  assert.match(banner, /dev outbox: +http:\/\/127\.0\.0\.1:9229\/_dev\/outbox/);
});
