// IAM's policy evaluation logic for identity-based policies
// (docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html), the part an
// app needs: an explicit Deny wins, then an Allow, else the request is denied.

/** One statement of a policy document. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, unknown>;
}

/** An IAM policy document. */
export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

/** What a request asks for. */
export interface PolicyRequest {
  /** `service:Action`, e.g. `notes:GetNote` (compared regardless of case, as IAM does). */
  action: string;
  /** The resource, usually an ARN such as `arn:aws:notes:::note/123` (case-sensitive). */
  resource: string;
  /**
   * Policy variables and their values, by name without `${}`: for identity-pool credentials
   * `cognito-identity.amazonaws.com:sub` (the identity id) and `cognito-identity.amazonaws.com:aud`
   * (the identity pool id).
   */
  variables?: Record<string, string>;
}

/** IAM's three outcomes (as the policy simulator names them). */
export type PolicyDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

const list = (value: string | string[] | undefined): string[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A pattern as a regular expression: `*` any run of characters, `?` one character, and (in a
 * 2012-10-17 policy) `${name}` the variable's value taken literally, `${*}`, `${?}`, `${$}` the
 * characters themselves. Undefined when the pattern names a variable the request has no value
 * for and gives no default: such an element matches nothing, as in IAM.
 */
function patternRegex(
  pattern: string,
  variables: Record<string, string> | undefined,
  caseInsensitive: boolean,
): RegExp | undefined {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (variables && c === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i + 2);
      if (end > 0) {
        const inner = pattern.slice(i + 2, end);
        i = end;
        if (inner === '*' || inner === '?' || inner === '$') {
          source += escapeRegex(inner);
          continue;
        }
        // `${name, 'default'}`: the default when the request has no value.
        const m = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner);
        const value = m ? (Object.hasOwn(variables, m[1]) ? variables[m[1]] : m[2]) : undefined;
        if (value === undefined) return undefined;
        source += escapeRegex(value);
        continue;
      }
    }
    source += c === '*' ? '.*' : c === '?' ? '.' : escapeRegex(c);
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
}

function matchesAny(
  patterns: string[],
  value: string,
  variables: Record<string, string> | undefined,
  caseInsensitive: boolean,
): boolean {
  return patterns.some((p) => patternRegex(p, variables, caseInsensitive)?.test(value) ?? false);
}

/** Whether the statement's Action/NotAction and Resource/NotResource cover the request. */
function covers(
  s: PolicyStatement,
  req: PolicyRequest,
  variables: Record<string, string> | undefined,
): boolean {
  const actions = list(s.Action);
  const notActions = list(s.NotAction);
  // Action names carry no variables.
  const actionOk = actions
    ? matchesAny(actions, req.action, undefined, true)
    : notActions
      ? !matchesAny(notActions, req.action, undefined, true)
      : false;
  if (!actionOk) return false;
  const resources = list(s.Resource);
  const notResources = list(s.NotResource);
  return resources
    ? matchesAny(resources, req.resource, variables, false)
    : notResources
      ? !matchesAny(notResources, req.resource, variables, false)
      : false;
}

/** Documents given as JSON strings or objects, each statement once. */
function statements(policies: readonly (PolicyDocument | string)[]) {
  const out: { statement: PolicyStatement; version?: string }[] = [];
  for (const policy of policies) {
    let doc: PolicyDocument;
    try {
      doc = typeof policy === 'string' ? JSON.parse(policy) : policy;
    } catch {
      continue; // an unreadable document grants nothing
    }
    if (!doc || typeof doc !== 'object') continue;
    const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    for (const statement of list)
      if (statement && typeof statement === 'object') out.push({ statement, version: doc.Version });
  }
  return out;
}

/**
 * Evaluates identity-based policies for a request as IAM does: an explicit `Deny` that covers it
 * wins, else an `Allow` that covers it, else it is denied. `Action` / `NotAction` match
 * regardless of case, `Resource` / `NotResource` with case; both take `*` and `?`. Policy
 * variables are substituted in `Resource` of documents with `"Version": "2012-10-17"` only (as
 * IAM). Conditions are not evaluated: a statement with a `Condition` never allows, and a `Deny`
 * with one always applies, so an unsupported condition can only make the answer stricter.
 */
export function evaluatePolicy(
  policies: readonly (PolicyDocument | string)[],
  request: PolicyRequest,
): PolicyDecision {
  let allowed = false;
  for (const { statement, version } of statements(policies)) {
    const variables = version === '2012-10-17' ? (request.variables ?? {}) : undefined;
    if (!covers(statement, request, variables)) continue;
    const conditional = statement.Condition !== undefined;
    if (statement.Effect === 'Deny') return 'explicitDeny';
    if (statement.Effect === 'Allow' && !conditional) allowed = true;
  }
  return allowed ? 'allowed' : 'implicitDeny';
}

/** The policy variables of identity-pool credentials. */
export function identityVariables(caller: {
  identityId: string;
  identityPoolId: string;
}): Record<string, string> {
  return {
    'cognito-identity.amazonaws.com:sub': caller.identityId,
    'cognito-identity.amazonaws.com:aud': caller.identityPoolId,
  };
}
