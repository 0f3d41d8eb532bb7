import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { type Config, defaults } from '../src/config.ts';
import { type RunningServer, startServer } from '../src/server.ts';

/** A clock tests can move forward. */
export class TestClock {
  offset = 0;
  now = () => Date.now() + this.offset;
  advance(ms: number) {
    this.offset += ms;
  }
}

/** One captured email. */
export interface Mail {
  to: string;
  raw: string;
  code?: string;
}

/** A real SMTP server (smtp-server) that keeps what it receives. */
export async function startSmtp() {
  const mails: Mail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => {
        raw += c.toString();
      });
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        const body = raw
          .split(/\r?\n\r?\n/)
          .slice(1)
          .join('\n');
        mails.push({ to, raw, code: /\b(\d{6})\b/.exec(body)?.[1] });
        for (const w of waiters.splice(0)) w();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    mails,
    /** Waits for the next mail to `to` after `since` mails, and returns it. */
    async next(to: string, since = 0): Promise<Mail> {
      const deadline = Date.now() + 5000;
      for (;;) {
        const found = mails
          .slice(since)
          .reverse()
          .find((m) => m.to === to);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no mail to ${to}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TestSmtp = Awaited<ReturnType<typeof startSmtp>>;

/** A server on a temp SQLite file and a free port, with clients for it. */
export interface TestServer {
  server: RunningServer;
  url: string;
  clock: TestClock;
  dataDir: string;
  smtp?: TestSmtp;
  /** AWS SDK client signed with the server's admin key (management calls). */
  admin: CognitoIdentityProviderClient;
  /** AWS SDK client with no valid credentials (user calls need none). */
  anon: CognitoIdentityProviderClient;
  /** Latest dev-outbox message for a username or address. */
  outbox(
    username: string,
  ): Promise<{ code?: string; body: string; destination: string } | undefined>;
  close(): Promise<void>;
}

/** Starts a server for a test. `smtp: true` delivers mail to a real SMTP server. */
export async function startTestServer(
  opts: { smtp?: boolean; config?: Partial<Config>; dataDir?: string } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'cognate-test-'));
  const smtp = opts.smtp ? await startSmtp() : undefined;
  const clock = new TestClock();
  const config: Config = {
    ...defaults,
    port: 0,
    dataDir,
    logLevel: 'silent',
    ...opts.config,
    smtp: smtp ? { ...defaults.smtp, host: '127.0.0.1', port: smtp.port } : defaults.smtp,
  };
  const server = await startServer(config, { clock, log: pino({ level: 'silent' }) });
  const url = server.url;
  const admin = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: {
      accessKeyId: server.accessKey.accessKeyId,
      secretAccessKey: server.accessKey.secret,
    },
  });
  const anon = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'none', secretAccessKey: 'none' },
  });
  return {
    server,
    url,
    clock,
    dataDir,
    smtp,
    admin,
    anon,
    async outbox(username) {
      const res = await fetch(`${url}/_dev/outbox?username=${encodeURIComponent(username)}`);
      const json = (await res.json()) as {
        messages: { code?: string; body: string; destination: string }[];
      };
      return json.messages[0];
    },
    async close() {
      admin.destroy();
      anon.destroy();
      await server.close();
      await smtp?.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A password that satisfies Cognito's default policy. */
export const PASSWORD = 'Passw0rd!';

let counter = 0;
/** A unique name for this test run. */
export function unique(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}
