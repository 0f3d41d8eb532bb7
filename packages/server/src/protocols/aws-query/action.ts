import type { Context } from '../../services/context.ts';
import type { TemporaryCaller } from '../../services/credentials/verify.ts';

/** Who signed a Query request: one of the server's admin keys, or identity-pool credentials. */
export type QueryCaller =
  | { kind: 'admin'; accessKeyId: string }
  | ({ kind: 'temporary' } & TemporaryCaller);

/**
 * One AWS Query-protocol action (`Action=<name>` in a form body), as STS and IAM are called.
 * The router parses the form, checks the signature `auth` asks for, runs the handler in one
 * transaction and wraps what it returns as AWS does:
 * `<{name}Response xmlns="…"><{name}Result>{returned}</{name}Result><ResponseMetadata>…`.
 */
export interface QueryAction {
  /** The `Action` parameter; a wire name, never change it. */
  name: string;
  /** Chooses the XML namespace and API version of answers and errors. */
  service: 'sts' | 'iam';
  /**
   * `admin`: signed with one of the server's access keys (any key in dev mode);
   * `temporary`: signed with credentials from GetCredentialsForIdentity (`X-Amz-Security-Token`).
   */
  auth: 'admin' | 'temporary';
  /**
   * Does the work. Returns the inner XML of `<{name}Result>` (escape values with `xmlText`),
   * or `undefined` for actions whose answer has no Result element (IAM's DeleteRole …).
   * Throws a CognateError whose `code` is the Query error code (`NoSuchEntity` …).
   */
  handler(ctx: Context, params: URLSearchParams, caller: QueryCaller): Promise<string | undefined>;
}

/** Declares a Query action (for type inference at the definition). */
export function defineQueryAction(action: QueryAction): QueryAction {
  return action;
}

/** Escapes text for an XML element or attribute value. */
export function xmlText(value: string | number | boolean): string {
  return String(value).replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );
}

/** `<name>value</name>` with the value escaped; nothing when the value is undefined. */
export function xmlElement(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${xmlText(value)}</${name}>`;
}

/** The namespace of each service's answers and errors. */
export const QUERY_NAMESPACES: Record<QueryAction['service'], string> = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
};
