import type { Context } from '../../services/context.ts';

/**
 * Who may call an operation: anyone with a client id (`none`), the holder of an access token
 * (`accessToken`, checked by the handler since the token is a body field), or a caller signing
 * with one of the server's access keys (`sigv4`).
 */
export type Authorization = 'none' | 'accessToken' | 'sigv4';

/** One Cognito operation: wire name, who may call it, and its handler. */
export interface Operation<Req = unknown, Res = unknown> {
  /** The `X-Amz-Target` suffix; a wire name, never change it. */
  name: string;
  auth: Authorization;
  /**
   * Run the handler inside one transaction (the default). Sign-in operations set `false`: they
   * are crypto-bound, and holding the database's write lock across milliseconds of modular
   * exponentiation would serialize every sign-in of every instance. Their services read, compute
   * outside any lock, then write with single atomic statements (or a short transaction).
   */
  transaction?: boolean;
  /** Parses `input` (untrusted JSON), calls one service, maps the result to the wire shape. */
  handler: (ctx: Context, input: Req & Record<string, unknown>) => Promise<Res>;
}

/** Declares an operation typed with the AWS SDK's request and response interfaces. */
export function defineOperation<Req, Res>(op: Operation<Req, Res>): Operation<Req, Res> {
  return op;
}
