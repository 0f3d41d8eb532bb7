import type { Context } from '../../services/context.ts';
import type { Caller } from '../../services/tokens/index.ts';

/**
 * Who may call an operation: anyone with a client id (`none`), the holder of an access token
 * (`accessToken`, authenticated by the router from the AccessToken member), or a caller signing
 * with one of the server's access keys (`sigv4`, checked by the router before the body is read).
 */
export type Authorization = 'none' | 'accessToken' | 'sigv4';

/** What every operation declares. */
interface OperationBase {
  /** The `X-Amz-Target` suffix; a wire name, never change it. */
  name: string;
  /**
   * Run the handler inside one transaction (the default). Sign-in operations set `false`: they
   * are crypto-bound, and holding the database's write lock across milliseconds of modular
   * exponentiation would serialize every sign-in of every instance. Their services read, compute
   * outside any lock, then write with single atomic statements (or a short transaction).
   */
  transaction?: boolean;
  /**
   * The operation can tell a real user from an unknown one by its timing: a floor timer starts
   * as it starts, and the service may hold the answer to it (services/user-pools/existence-timing.ts).
   */
  existenceFloor?: boolean;
}

/** An operation called with a client id or a SigV4 signature. */
export interface OpenOperation<Req = unknown, Res = unknown> extends OperationBase {
  auth: 'none' | 'sigv4';
  /** Parses `input` (untrusted JSON), calls one service, maps the result to the wire shape. */
  handler: (ctx: Context, input: Req & Record<string, unknown>) => Promise<Res>;
}

/** The part of an access-token operation that runs as the authenticated caller. */
export type AsCaller<Res> = (caller: Caller) => Promise<Res>;

/**
 * An operation a signed-in user calls with the AccessToken member. The router checks the
 * token's shape, runs `handler`, which parses the other members and returns what to do as the
 * caller, then authenticates the token and runs that. So a request that breaks the model
 * answers its validation error before any token error, as Cognito validates before it
 * authenticates.
 */
export interface CallerOperation<Req = unknown, Res = unknown> extends OperationBase {
  auth: 'accessToken';
  handler: (ctx: Context, input: Req & Record<string, unknown>) => AsCaller<Res>;
}

/** One Cognito operation: wire name, who may call it, and its handler. */
export type Operation<Req = unknown, Res = unknown> =
  | OpenOperation<Req, Res>
  | CallerOperation<Req, Res>;

/** Declares an operation typed with the AWS SDK's request and response interfaces. */
export function defineOperation<Req, Res>(op: Operation<Req, Res>): Operation<Req, Res> {
  return op;
}
