// What the trigger tests share: a server whose functions folder holds handlers written as one
// writes them for Lambda, each recording the events it gets to a file, and pools wired to them.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CreateUserPoolClientRequest,
  CreateUserPoolRequest,
  ExplicitAuthFlowsType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Config } from '../../src/config.ts';
import { createClient, createPool, startTestServer, type TestServer } from '../support/index.ts';

/** A trigger event as a handler received it. */
export type RecordedEvent = {
  version: string;
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  request: Record<string, unknown> & {
    userAttributes?: Record<string, string>;
    clientMetadata?: Record<string, string>;
    validationData?: Record<string, string> | null;
  };
  response: Record<string, unknown>;
};

/** The secret the test servers sign webhook events with. */
export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';

/** The ARN that names function `name` (its file in the functions folder). */
export const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/**
 * A Lambda handler module: `body` runs with `event` in scope (and `sdk()`, which loads the AWS
 * SDK, and `server`, the running server's URL and admin key), after the event is recorded.
 * It must return the event, or throw.
 */
export function handler(body: string): string {
  return `
    import { appendFileSync, readFileSync } from 'node:fs';
    const EVENTS = new URL('./events.jsonl', import.meta.url);
    const sdk = () => import(${JSON.stringify(sdkUrl())}).then((m) => m.default ?? m);
    const server = () => JSON.parse(readFileSync(new URL('./server.json', import.meta.url), 'utf8'));
    export const handler = async (event, context) => {
      appendFileSync(EVENTS, JSON.stringify(event) + '\\n');
      ${body}
    };`;
}

/** The AWS SDK's entry point as a file URL: a functions folder in a temp dir cannot resolve it. */
function sdkUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve('@aws-sdk/client-cognito-identity-provider')).href;
}

/** A test server running the functions `files` (name → module source). */
export interface TriggerServer {
  t: TestServer;
  dir: string;
  /** Every event recorded so far, oldest first; with `source`, those of that triggerSource. */
  events(source?: string): RecordedEvent[];
  /** The last event of `source` for `userName` (a test's own user); fails when there is none. */
  lastEvent(source: string, userName?: string): RecordedEvent;
  close(): Promise<void>;
}

/** Starts a server with a functions folder holding `files` and the webhook secret. */
export async function startTriggerServer(
  files: Record<string, string>,
  config: Partial<Config> = {},
): Promise<TriggerServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cognate-triggers-'));
  for (const [file, source] of Object.entries(files)) writeFileSync(path.join(dir, file), source);
  const t = await startTestServer({
    config: { functionsDir: dir, webhookSecret: WEBHOOK_SECRET, ...config },
  });
  // What a handler needs to call the server back, as a Lambda would from its environment.
  const key = t.server.accessKey;
  writeFileSync(
    path.join(dir, 'server.json'),
    JSON.stringify({ url: t.url, accessKeyId: key.accessKeyId, secretAccessKey: key.secret }),
  );
  const eventsFile = path.join(dir, 'events.jsonl');
  const events = (source?: string): RecordedEvent[] => {
    if (!existsSync(eventsFile)) return [];
    const all = readFileSync(eventsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as RecordedEvent);
    return source ? all.filter((e) => e.triggerSource === source) : all;
  };
  return {
    t,
    dir,
    events,
    lastEvent(source, userName) {
      const found = events(source).filter((e) => userName === undefined || e.userName === userName);
      assert.ok(found.length > 0, `a ${source} event${userName ? ` for ${userName}` : ''}`);
      return found[found.length - 1];
    },
    async close() {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const FLOWS: ExplicitAuthFlowsType[] = [
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
];

/** A pool with `pool` settings (LambdaConfig among them) and a client allowing every flow. */
export async function triggerPool(
  t: TestServer,
  pool: Partial<CreateUserPoolRequest>,
  client: Partial<CreateUserPoolClientRequest> = {},
): Promise<{ poolId: string; clientId: string }> {
  const p = await createPool(t, { AutoVerifiedAttributes: ['email'], ...pool });
  const c = await createClient(t, p.Id, { ExplicitAuthFlows: FLOWS, ...client });
  return { poolId: p.Id, clientId: c.ClientId };
}

/** Messages the dev outbox holds for `to` (a username or address), newest first. */
export async function outboxFor(
  t: TestServer,
  to: string,
): Promise<
  { channel: string; destination: string; subject?: string; body: string; code?: string }[]
> {
  const res = await fetch(`${t.url}/_dev/outbox?username=${encodeURIComponent(to)}`);
  return ((await res.json()) as { messages: [] }).messages;
}
