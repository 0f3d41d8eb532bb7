/** How one invocation of a trigger function (a module or a webhook) ended, as Lambda reports it. */
export type Invocation =
  | { kind: 'result'; value: unknown }
  /** The handler threw, rejected or called back with an error (Lambda's FunctionError). */
  | { kind: 'error'; message: string }
  | { kind: 'timeout' }
  /** No module for the function, or it could not be loaded or reached: Lambda's ResourceNotFound. */
  | { kind: 'unavailable'; message: string; detail: string };
