/**
 * Trigger functions run as local modules: the function a pool's LambdaConfig names by ARN is a
 * JavaScript or TypeScript file in the configured functions folder, called the way Lambda's
 * Node.js runtime calls a handler, so a handler written for Lambda runs here unchanged.
 *
 * Cognito's side of the contract (what it does with a failing, slow or odd function) is mapped
 * to its errors here, in one place, for every trigger:
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-identity-pools-working-with-aws-lambda-triggers.html
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Invocation } from './invocation.ts';
import { invokeWebhook, isWebhookUrl } from './webhook.ts';

export type { Invocation } from './invocation.ts';

/** Cognito waits this long for a trigger (fixed, not configurable on Cognito). */
export const TRIGGER_TIMEOUT_MS = 5000;

/** Extensions tried, in order, for function `<name>`. */
const EXTENSIONS = ['.mjs', '.js', '.cjs', '.ts'] as const;

/** The value Cognito reports as `callerContext.awsSdkVersion` when the caller's SDK is unknown. */
export const UNKNOWN_SDK_VERSION = 'aws-sdk-unknown-unknown';

/** Runs functions by ARN (Lambda's Invoke, RequestResponse). */
export interface Functions {
  invoke(arn: string, event: unknown): Promise<Invocation>;
}

/** A Lambda handler: `(event, context, callback)`, async or callback style. */
type Handler = (event: unknown, context: LambdaContext, callback: Callback) => unknown;
type Callback = (error?: unknown, result?: unknown) => void;

/** The part of Lambda's context object handlers use. */
interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
  succeed(result?: unknown): void;
  fail(error?: unknown): void;
  done(error?: unknown, result?: unknown): void;
}

/**
 * The function name an ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`)
 * names; a value that is not a Lambda ARN is taken as the name itself, after its last `:`.
 * Undefined when the name could reach outside the functions folder.
 */
export function functionNameOf(arn: string): string | undefined {
  const lambda = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/.exec(arn);
  const name = lambda ? lambda[1] : arn.slice(arn.lastIndexOf(':') + 1);
  return /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/.test(name) ? name : undefined;
}

/** The text Lambda reports as `errorMessage` for what a handler threw or called back with. */
function errorMessageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** Lambda hands the caller JSON: a result is what survives a JSON round trip. */
function asJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

/**
 * Functions loaded from `dir`: function `<name>` is `<dir>/<name>.mjs`, `.js`, `.cjs` or `.ts`
 * exporting `handler`. Each module is imported once and kept. Without `dir` every function is
 * unavailable. A webhook URL in place of an ARN is POSTed the event instead (webhook.ts), signed
 * with `webhookSecret`.
 */
export function createFunctions(
  opts: { dir?: string; timeoutMs?: number; webhookSecret?: string } = {},
): Functions {
  const timeoutMs = opts.timeoutMs ?? TRIGGER_TIMEOUT_MS;
  // Fixed at start, so a later change of the working directory moves nothing.
  const dir = opts.dir && path.resolve(opts.dir);
  const loaded = new Map<string, Promise<Handler>>();
  let requests = 0;

  function locate(arn: string): { name: string; file: string } | string {
    if (!dir) return 'no functions folder is configured (functionsDir)';
    const name = functionNameOf(arn);
    if (!name) return `${arn} does not name a function file`;
    const base = path.join(dir, name);
    const file = EXTENSIONS.map((ext) => base + ext).find((f) => existsSync(f));
    return file ? { name, file } : `none of ${base}{${EXTENSIONS.join(',')}} exists`;
  }

  function load(file: string): Promise<Handler> {
    let pending = loaded.get(file);
    if (!pending) {
      pending = import(pathToFileURL(file).href).then((mod) => {
        // CommonJS modules arrive as `default` (module.exports) when Node cannot see the names.
        const handler = mod.handler ?? mod.default?.handler;
        if (typeof handler !== 'function') throw new Error(`${file} exports no handler function`);
        return handler as Handler;
      });
      // A failed load is retried next time (the file may have been fixed).
      pending.catch(() => loaded.delete(file));
      loaded.set(file, pending);
    }
    return pending;
  }

  return {
    async invoke(arn, event) {
      if (isWebhookUrl(arn)) {
        return invokeWebhook(arn, event, { secret: opts.webhookSecret, timeoutMs });
      }
      const found = locate(arn);
      if (typeof found === 'string') {
        return { kind: 'unavailable', message: `Function not found: ${arn}`, detail: found };
      }
      let handler: Handler;
      try {
        handler = await load(found.file);
      } catch (err) {
        return {
          kind: 'unavailable',
          message: `Function could not be loaded: ${arn}`,
          detail: errorMessageOf(err),
        };
      }
      requests += 1;
      return run(handler, asJson(event), {
        name: found.name,
        arn,
        requestId: `cognate-${process.pid}-${requests}`,
        timeoutMs,
      });
    },
  };
}

/** Calls a handler as Lambda's Node.js runtime does and waits for the first way it finishes. */
function run(
  handler: Handler,
  event: unknown,
  fn: { name: string; arn: string; requestId: string; timeoutMs: number },
): Promise<Invocation> {
  const deadline = Date.now() + fn.timeoutMs;
  return new Promise<Invocation>((resolve) => {
    let finished = false;
    const finish = (outcome: Invocation) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const succeed = (value: unknown) => {
      try {
        finish({ kind: 'result', value: asJson(value) });
      } catch (err) {
        finish({ kind: 'error', message: errorMessageOf(err) });
      }
    };
    const fail = (error: unknown) => finish({ kind: 'error', message: errorMessageOf(error) });
    const callback: Callback = (error, result) =>
      error === undefined || error === null ? succeed(result) : fail(error);
    // The handler may run on after its time is up: a module in this process cannot be stopped,
    // only no longer waited for.
    const timer = setTimeout(() => finish({ kind: 'timeout' }), fn.timeoutMs);
    const context: LambdaContext = {
      functionName: fn.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: fn.arn,
      memoryLimitInMB: '128',
      awsRequestId: fn.requestId,
      logGroupName: `/aws/lambda/${fn.name}`,
      logStreamName: fn.requestId,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      succeed,
      fail,
      done: callback,
    };
    try {
      const returned = handler(event, context, callback);
      // An async handler's promise decides; a callback-style one returns nothing and calls back.
      if (returned && typeof (returned as PromiseLike<unknown>).then === 'function') {
        (returned as PromiseLike<unknown>).then(succeed, fail);
      }
    } catch (err) {
      fail(err);
    }
  });
}
