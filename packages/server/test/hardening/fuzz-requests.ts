// What the fuzz test sends: every operation of every API the server speaks, as fast-check
// arbitraries of requests. Field names come from the real models: the AWS SDK's schemas of each
// Cognito operation (members, nesting, lists, maps, scalar kinds) and the server's own sources
// (members the SDK lacks, Cognate's extensions, Query parameters, OAuth and hosted-UI fields).
// Values mix the plausible (the fixture's real ids and tokens, enum values) with the hostile:
// wrong types, nulls, huge strings, unicode, nested junk, missing and unknown members, and raw
// bodies that are not the JSON asked for.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as identitySdk from '@aws-sdk/client-cognito-identity';
import * as idpSdk from '@aws-sdk/client-cognito-identity-provider';
import { NormalizedSchema } from '@smithy/core/schema';
import fc from 'fast-check';
import { queryActions } from '../../src/protocols/aws-query/actions.ts';
import { identityOperations } from '../../src/protocols/cognito-identity/operations/index.ts';
import { operations } from '../../src/protocols/cognito-idp/operations/index.ts';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** Values of the fixture a request may name; resolved when it is sent, so shrinking replays. */
export type FixtureKey =
  | 'poolId'
  | 'clientId'
  | 'secretClientId'
  | 'username'
  | 'password'
  | 'accessToken'
  | 'idToken'
  | 'refreshToken'
  | 'session'
  | 'groupName'
  | 'domain'
  | 'identityPoolId'
  | 'identityId'
  | 'roleName'
  | 'accessKeyId'
  | 'userSub';

/** A reference to a fixture value, replaced by the value at send time. */
export class Ref {
  constructor(readonly key: FixtureKey) {}
  toJSON() {
    return `<${this.key}>`;
  }
}

/** One endpoint (operation, action, OAuth route) the fuzz reaches. */
export interface Endpoint {
  api: 'cognito-idp' | 'cognito-identity' | 'query' | 'oauth' | 'console';
  name: string;
  /** Who may call it: SigV4 operations are signed with the admin key (mostly). */
  auth: 'none' | 'accessToken' | 'sigv4' | 'admin' | 'temporary';
}

/** A request as generated: JSON-ish values may hold Refs; raw bodies are sent as they are. */
export interface FuzzRequest {
  endpoint: Endpoint;
  method: 'GET' | 'POST';
  /** Path under the server, `{domain}` replaced by the fixture's domain (or junk). */
  path: string;
  headers: Record<string, string>;
  /** A JSON body (with Refs) or a form (name → value, Refs allowed), or a raw string. */
  body?: { json: unknown } | { form: [string, unknown][] } | { raw: string };
  /** How to sign: with the admin key, a wrong key, not at all. */
  signing: 'admin' | 'wrong-key' | 'none';
  /** SigV4 service of the signature. */
  service?: string;
  /** What a 4xx must look like. */
  expect: 'aws-json' | 'aws-xml' | 'oauth-json' | 'any';
}

// ---------------------------------------------------------------------------------------------
// Field names from the sources.

/** `input.X`, `(input, 'X'`, `params, 'X'`, `.get('X')` in a source file. */
function sourceFields(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const names = new Set<string>();
  const patterns = [
    /\binput\.(\w+)/g,
    /\binput\[['"](\w+)['"]\]/g,
    /\(\s*input\s*,\s*['"](\w+)['"]/g,
    /\(\s*params\s*,\s*['"](\w+)['"]/g,
    /\(\s*form\s*,\s*['"](\w+)['"]/g,
    /\.(?:get|getAll|has)\(\s*['"](\w+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) names.add(m[1] as string);
  return [...names];
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? walk(path.join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [path.join(dir, e.name)]
        : [],
  );
}

/**
 * Every error code the server can answer with: the first argument of each error it defines or
 * throws, the SigV4 refusals, and the OAuth error codes.
 */
export function knownErrorCodes(): Set<string> {
  const codes = new Set<string>();
  const patterns = [
    /(?:defineError|CognateError|QueryError|signatureError|OAuthError)\(\s*'(\w+)'/g,
    /\bcode:\s*'(\w+)'/g,
    /^\s+(\w+): \d{3},$/gm,
  ];
  for (const file of walk(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const re of patterns) for (const m of text.matchAll(re)) codes.add(m[1] as string);
  }
  return codes;
}

// ---------------------------------------------------------------------------------------------
// Values.

const HUGE = [300, 2_049, 70_000, 300_000];
const NASTY = [
  '',
  ' ',
  '\u0000',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '../../../../etc/passwd',
  "' OR '1'='1' --",
  '"; drop table users; --',
  '%s%s%n',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log-injection probe, sent as is.
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '\ud800',
  '\udfff\ud800',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂 ﷽',
  'a\r\nx-injected: 1',
  'us-east-1_',
  'us-east-1_AAAAAAAAA',
  'us-east-1:00000000-0000-0000-0000-000000000000',
  'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  '-1',
  '1e999',
  'true',
];

/** Strings of every kind: short, unicode, control characters, huge, nasty. */
const anyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...HUGE), fc.constantFrom('x', 'é', '🙂', '\u0000', "'"))
      .map(([n, c]) => c.repeat(Math.ceil(n / c.length))),
  },
);

/** JSON values that are not what a member wants. */
const junk: fc.Arbitrary<unknown> = fc.letrec<{ j: unknown }>((tie) => ({
  j: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.constantFrom(0, -1, 1.5, 2 ** 53 + 1, 1e308, -1e308, 5e-324),
    anyString,
    fc.array(tie('j'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...NASTY)), tie('j'), {
      maxKeys: 4,
    }),
  ),
})).j;

/** Enum values of the SDK's models (objects of constant strings), by their type name. */
function enumsOf(sdk: Record<string, unknown>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, value] of Object.entries(sdk)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const values = Object.values(value);
    if (values.length > 0 && values.every((v) => typeof v === 'string' && /^[\w.:-]+$/.test(v)))
      out.set(name, values as string[]);
  }
  return out;
}

const ENUMS = new Map([...enumsOf(identitySdk), ...enumsOf(idpSdk)]);
const ALL_ENUM_VALUES = [...new Set([...ENUMS.values()].flat())];

/** The fixture value a member of this name probably wants. */
function fixtureFor(member: string): FixtureKey[] {
  const m = member.toLowerCase();
  const keys: FixtureKey[] = [];
  if (m.includes('userpoolid') || m === 'poolid' || m === 'resourcearn') keys.push('poolId');
  if (m.includes('clientid') || m === 'client_id' || m === 'providername') keys.push('clientId');
  if (m.includes('clientid') || m === 'client_id') keys.push('secretClientId');
  if (m.includes('username') || m === 'user_name' || m === 'email' || m === 'sub')
    keys.push('username');
  if (m.includes('password') || m === 'secretaccesskey') keys.push('password');
  if (m.includes('accesstoken') || m === 'token' || m === 'logins') keys.push('accessToken');
  if (m.includes('idtoken') || m === 'token') keys.push('idToken');
  if (m.includes('refresh') || m === 'token') keys.push('refreshToken');
  if (m === 'session') keys.push('session');
  if (m.includes('groupname')) keys.push('groupName');
  if (m === 'domain' || m === 'customdomain') keys.push('domain');
  if (m.includes('identitypoolid')) keys.push('identityPoolId');
  if (m.includes('identityid') || m === 'identityidstodelete') keys.push('identityId');
  if (m.includes('rolename') || m.includes('rolearn')) keys.push('roleName');
  if (m.includes('accesskeyid')) keys.push('accessKeyId');
  if (m === 'userid' || m === 'usersub') keys.push('userSub');
  return keys;
}

/** A plausible string for a member: a fixture value, an enum value, or a short word. */
function plausibleString(member: string): fc.Arbitrary<unknown> {
  const fixture = fixtureFor(member);
  const own = ENUMS.get(`${member}Type`) ?? ENUMS.get(member.replace(/s$/, 'Type'));
  const choices: fc.WeightedArbitrary<unknown>[] = [];
  if (fixture.length)
    choices.push({ weight: 8, arbitrary: fc.constantFrom(...fixture).map((k) => new Ref(k)) });
  if (own) choices.push({ weight: 8, arbitrary: fc.constantFrom(...own) });
  if (/code$/i.test(member))
    choices.push({ weight: 4, arbitrary: fc.constantFrom('123456', '000000', '12345678') });
  if (/email/i.test(member))
    choices.push({ weight: 4, arbitrary: fc.constant('fuzz@example.com') });
  if (/url|uri|arn/i.test(member))
    choices.push({
      weight: 4,
      arbitrary: fc.constantFrom('http://localhost:3000/callback', 'javascript:alert(1)'),
    });
  choices.push({ weight: 1, arbitrary: fc.constantFrom(...ALL_ENUM_VALUES.slice(0, 200)) });
  choices.push({ weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) });
  return fc.oneof(...choices);
}

/** Values for one member: mostly of its model's kind, often plausible, sometimes junk. */
function memberValue(
  schema: NormalizedSchema,
  member: string,
  depth: number,
  dense: boolean,
): fc.Arbitrary<unknown> {
  const wellTyped = typedValue(schema, member, depth, dense);
  if (dense) return wellTyped;
  return fc.oneof(
    { weight: 12, arbitrary: wellTyped },
    { weight: 2, arbitrary: junk },
    { weight: 1, arbitrary: anyString },
  );
}

/**
 * A value of the schema's kind, its members fuzzed again; `dense`: every member present with a
 * plausible value, so a request gets past validation into the service.
 */
function typedValue(
  schema: NormalizedSchema,
  member: string,
  depth: number,
  dense: boolean,
): fc.Arbitrary<unknown> {
  if (depth > 4) return dense ? fc.constant({}) : junk;
  if (schema.isStructSchema()) {
    const members = [...schema.structIterator()];
    return structValue(
      members.map(([name, s]) => [name, () => memberValue(s, name, depth + 1, dense)] as const),
      dense,
    );
  }
  if (schema.isListSchema()) {
    const item = schema.getValueSchema();
    return fc.array(memberValue(item, member, depth + 1, dense), { maxLength: dense ? 2 : 4 });
  }
  if (schema.isMapSchema()) {
    const value = schema.getValueSchema();
    return fc.dictionary(
      fc.oneof(plausibleString(member).map(String), fc.string({ maxLength: 10 })),
      memberValue(value, member, depth + 1, dense),
      { maxKeys: dense ? 2 : 4 },
    );
  }
  if (schema.isBooleanSchema()) return fc.boolean();
  if (schema.isNumericSchema())
    return dense
      ? fc.constantFrom(1, 5, 10, 60)
      : fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.constantFrom(0, 1, 60, 3650, 1e9));
  if (schema.isTimestampSchema()) return fc.oneof(fc.integer(), fc.constant(1.7e9));
  if (schema.isBlobSchema()) return fc.base64String({ maxLength: 40 });
  if (schema.isDocumentSchema()) return junk;
  if (dense) return plausibleString(member);
  return fc.oneof(
    { weight: 4, arbitrary: plausibleString(member) },
    { weight: 1, arbitrary: anyString },
  );
}

/** An object of the given members, each present or not, plus now and then an unknown one. */
function structValue(
  members: readonly (readonly [string, () => fc.Arbitrary<unknown>])[],
  dense = false,
): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, arb] of members) model[name] = fc.constant(null).chain(() => arb());
  if (dense) return fc.record(model);
  return fc
    .tuple(
      fc.record(model, { requiredKeys: [] }),
      fc.oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc.dictionary(fc.constantFrom('__proto__x', 'Extra', 'constructor'), junk),
        },
      ),
    )
    .map(([obj, extra]) => ({ ...(extra ?? {}), ...obj }));
}

/** A JSON body for an operation: its SDK model's members plus the ones its source reads. */
function operationBody(
  sdk: Record<string, unknown>,
  name: string,
  extraFields: string[],
): fc.Arbitrary<unknown> {
  const model = sdk[`${name}Request$`];
  const schema = model
    ? NormalizedSchema.of(model as Parameters<typeof NormalizedSchema.of>[0])
    : undefined;
  const seen = new Set(schema ? [...schema.structIterator()].map(([m]) => m) : []);
  const extra = extraFields.filter((f) => !seen.has(f) && f !== 'length');
  const members = (dense: boolean) => [
    ...(schema
      ? [...schema.structIterator()].map(
          ([member, s]) => [member, () => memberValue(s, member, 1, dense)] as const,
        )
      : []),
    ...extra.map(
      (field) =>
        [
          field,
          () =>
            dense
              ? plausibleString(field)
              : fc.oneof(
                  { weight: 3, arbitrary: plausibleString(field) },
                  { weight: 2, arbitrary: junk },
                ),
        ] as const,
    ),
  ];
  return fc.oneof(
    { weight: 8, arbitrary: structValue(members(false)) },
    { weight: 5, arbitrary: structValue(members(true), true) },
    { weight: 1, arbitrary: junk },
  );
}

// ---------------------------------------------------------------------------------------------
// Endpoints.

const IDP_PREFIX = 'AWSCognitoIdentityProviderService.';
const IDENTITY_PREFIX = 'AWSCognitoIdentityService.';
const JSON_TYPE = 'application/x-amz-json-1.1';

function signingOf(auth: Endpoint['auth']): fc.Arbitrary<FuzzRequest['signing']> {
  if (auth === 'sigv4' || auth === 'admin')
    return fc.constantFrom(
      'admin',
      'admin',
      'admin',
      'admin',
      'admin',
      'admin',
      'wrong-key',
      'none',
    );
  return fc.constantFrom('none', 'none', 'none', 'admin');
}

function jsonApi(
  api: 'cognito-idp' | 'cognito-identity',
  ops: { name: string; auth: string }[],
  sdk: Record<string, unknown>,
  dir: string,
) {
  return ops.map((op) => {
    const endpoint: Endpoint = { api, name: op.name, auth: op.auth as Endpoint['auth'] };
    const extra = sourceFields(path.join(dir, `${lowerFirst(op.name)}.ts`));
    const body = operationBody(sdk, op.name, extra);
    const prefix = api === 'cognito-idp' ? IDP_PREFIX : IDENTITY_PREFIX;
    const arb = fc.tuple(body, signingOf(endpoint.auth)).map(
      ([json, signing]): FuzzRequest => ({
        endpoint,
        method: 'POST',
        path: '/',
        headers: { 'content-type': JSON_TYPE, 'x-amz-target': prefix + op.name },
        body: { json },
        signing,
        service: api,
        expect: 'aws-json',
      }),
    );
    return { endpoint, arb };
  });
}

function queryApi() {
  const dir = path.join(SRC, 'protocols/aws-query');
  return queryActions.map((action) => {
    const endpoint: Endpoint = { api: 'query', name: action.name, auth: action.auth };
    const fields = sourceFields(path.join(dir, `${action.service}-${lowerFirst(action.name)}.ts`));
    const pairs = fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(...(fields.length ? fields : ['RoleName'])),
          fc.constantFrom('Version', 'Action', 'Tags.member.1.Key', 'MaxItems', 'Marker'),
          fc.string({ maxLength: 8 }),
        ),
        fc.oneof(plausibleString('RoleName'), anyString, fc.constant('{"Version":"2012-10-17"}')),
      ),
      { maxLength: 6 },
    );
    const version = action.service === 'iam' ? '2010-05-08' : '2011-06-15';
    const arb = fc
      .tuple(pairs, signingOf(endpoint.auth), fc.boolean(), fc.boolean())
      .map(([extra, signing, withAction, withVersion]): FuzzRequest => {
        const form: [string, unknown][] = [];
        if (withAction || extra.length === 0) form.push(['Action', action.name]);
        if (withVersion) form.push(['Version', version]);
        return {
          endpoint,
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body: { form: [...form, ...extra] },
          signing,
          service: action.service,
          expect: 'aws-xml',
        };
      });
    return { endpoint, arb };
  });
}

/** Every field name the OAuth endpoints and hosted pages read, plus the standard ones. */
function oauthFields(): string[] {
  const names = new Set([
    'grant_type',
    'client_id',
    'client_secret',
    'code',
    'redirect_uri',
    'refresh_token',
    'code_verifier',
    'code_challenge',
    'code_challenge_method',
    'scope',
    'state',
    'nonce',
    'response_type',
    'identity_provider',
    'idp_identifier',
    'logout_uri',
    'prompt',
    'lang',
    'token',
    'token_type_hint',
  ]);
  for (const file of walk(path.join(SRC, 'protocols/oauth2')))
    for (const f of sourceFields(file)) names.add(f);
  return [...names];
}

function oauthApi() {
  const fields = oauthFields();
  const value = (name: string) =>
    fc.oneof(
      { weight: 3, arbitrary: plausibleString(name) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          'authorization_code',
          'refresh_token',
          'client_credentials',
          'code',
          'token',
          'openid email',
          'S256',
          'plain',
          'COGNITO',
          'http://localhost:3000/callback',
        ),
      },
      { weight: 2, arbitrary: anyString },
    );
  const pairs = fc.array(
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .constantFrom(...fields)
          .chain((n) => value(n).map((v) => [n, v] as [string, unknown])),
      },
      { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), anyString) },
    ),
    { maxLength: 8 },
  );
  const routes: {
    name: string;
    method: 'GET' | 'POST';
    path: string;
    expect: FuzzRequest['expect'];
  }[] = [
    { name: 'POST /oauth2/token', method: 'POST', path: '/oauth2/token', expect: 'oauth-json' },
    { name: 'POST /oauth2/revoke', method: 'POST', path: '/oauth2/revoke', expect: 'oauth-json' },
    { name: 'GET /oauth2/userInfo', method: 'GET', path: '/oauth2/userInfo', expect: 'any' },
    { name: 'POST /oauth2/userInfo', method: 'POST', path: '/oauth2/userInfo', expect: 'any' },
    { name: 'GET /oauth2/authorize', method: 'GET', path: '/oauth2/authorize', expect: 'any' },
    { name: 'GET /oauth2/idpresponse', method: 'GET', path: '/oauth2/idpresponse', expect: 'any' },
    {
      name: 'POST /oauth2/idpresponse',
      method: 'POST',
      path: '/oauth2/idpresponse',
      expect: 'any',
    },
    { name: 'POST /saml2/idpresponse', method: 'POST', path: '/saml2/idpresponse', expect: 'any' },
    { name: 'GET /logout', method: 'GET', path: '/logout', expect: 'any' },
    ...[
      '/login',
      '/signup',
      '/confirmUser',
      '/forgotPassword',
      '/confirmForgotPassword',
      '/mfa',
      '/selectMfa',
      '/mfaSetup',
      '/newPassword',
    ].flatMap((p) => [
      { name: `GET ${p}`, method: 'GET' as const, path: p, expect: 'any' as const },
      { name: `POST ${p}`, method: 'POST' as const, path: p, expect: 'any' as const },
    ]),
  ];
  return routes.map((route) => {
    const endpoint: Endpoint = { api: 'oauth', name: route.name, auth: 'none' };
    const arb = fc
      .tuple(
        pairs,
        fc.constantFrom('{domain}', '{domain}', '{domain}', 'no-such-domain', 'a%20b', 'é'),
        fc.option(
          fc.oneof(
            fc.constant('Bearer <accessToken>'),
            fc.constant('Bearer <idToken>'),
            fc.constant('Basic <basic>'),
            anyString.map((s) => `Bearer ${s.replace(/[^\x20-\x7e]/g, '')}`),
            fc.constant('Basic !!!'),
          ),
          { freq: 2 },
        ),
        fc.constantFrom(
          'application/x-www-form-urlencoded',
          'application/x-www-form-urlencoded',
          'application/json',
          'text/plain',
        ),
        fc.option(fc.constantFrom('cognito-flow=x', 'cognito=%zz; a=b'), { freq: 4 }),
      )
      .map(([params, domain, authorization, type, cookie]): FuzzRequest => {
        const headers: Record<string, string> = {};
        if (authorization) headers.authorization = authorization;
        if (cookie) headers.cookie = cookie;
        const base = `/domains/${domain}${route.path}`;
        if (route.method === 'GET')
          return {
            endpoint,
            method: 'GET',
            path: base,
            headers,
            body: { form: params },
            signing: 'none',
            expect: route.expect,
          };
        headers['content-type'] = type;
        return {
          endpoint,
          method: 'POST',
          path: base,
          headers,
          body: { form: params },
          signing: 'none',
          expect: type.startsWith('application/x-www') ? route.expect : 'any',
        };
      });
    return { endpoint, arb };
  });
}

/** The console API without a session: its sign-in, and its other calls, which must refuse. */
function consoleApi() {
  const signIn: Endpoint = { api: 'console', name: 'POST /console/api/session', auth: 'none' };
  const signInArb = fc
    .tuple(
      structValue([
        ['accessKeyId', () => fc.oneof(fc.constant(new Ref('accessKeyId')), anyString, junk)],
        ['secretAccessKey', () => fc.oneof(fc.constant(new Ref('password')), anyString, junk)],
      ]),
      fc.option(fc.constantFrom('https://evil.example', 'null', 'http://127.0.0.1'), { freq: 3 }),
    )
    .map(
      ([json, origin]): FuzzRequest => ({
        endpoint: signIn,
        method: 'POST',
        path: '/console/api/session',
        headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
        body: { json },
        signing: 'none',
        expect: 'aws-json',
      }),
    );
  const call: Endpoint = {
    api: 'console',
    name: 'POST /console/api/<api>/<operation>',
    auth: 'none',
  };
  const callArb = fc
    .tuple(
      fc.constantFrom('cognito-idp', 'cognito-identity'),
      fc.constantFrom(...operations.map((o) => o.name), 'DeleteUserPool', '__proto__'),
      junk,
    )
    .map(
      ([api, op, json]): FuzzRequest => ({
        endpoint: call,
        method: 'POST',
        path: `/console/api/${api}/${op}`,
        headers: { 'content-type': 'application/json', 'x-cognate-csrf': 'x' },
        body: { json },
        signing: 'none',
        expect: 'aws-json',
      }),
    );
  return [
    { endpoint: signIn, arb: signInArb },
    { endpoint: call, arb: callArb },
  ];
}

/** Bodies that are not a JSON object, content types that are not JSON, targets that are not operations. */
function rawApi() {
  const endpoint: Endpoint = { api: 'cognito-idp', name: '(raw body)', auth: 'none' };
  const targets = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...operations.map((o) => IDP_PREFIX + o.name)) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...identityOperations.map((o) => IDENTITY_PREFIX + o.name)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        IDP_PREFIX,
        `${IDP_PREFIX}__proto__`,
        `${IDP_PREFIX}constructor`,
        `${IDP_PREFIX}toString`,
        `${IDENTITY_PREFIX}hasOwnProperty`,
        'AWSCognitoIdentityProviderService',
        'x'.repeat(5000),
      ),
    },
  );
  const bodies = fc.oneof(
    fc.constantFrom(
      '',
      '{',
      '}',
      'null',
      '[]',
      '[{}]',
      '0',
      '"x"',
      'true',
      '{"a":}',
      '\ufeff{}',
      '{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}',
      '{"UserPoolId":"<poolId>","UserPoolId":{"$ne":1}}',
      `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
      '{"ClientId":"\\ud800","Username":"\\u0000"}',
      '\u0000\u0001\u0002',
    ),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? ''),
    fc.constant(null).map(() => `{"PoolName":"${'x'.repeat(1_100_000)}"}`),
  );
  const types = fc.constantFrom(
    JSON_TYPE,
    'application/json',
    'text/plain',
    'application/octet-stream',
    'multipart/form-data; boundary=x',
    'application/x-amz-json-1.0',
    '',
  );
  const arb = fc
    .tuple(targets, bodies, types, fc.constantFrom<FuzzRequest['signing']>('admin', 'none'))
    .map(([target, raw, type, signing]): FuzzRequest => {
      const headers: Record<string, string> = {};
      if (target) headers['x-amz-target'] = target;
      if (type) headers['content-type'] = type;
      return {
        endpoint,
        method: 'POST',
        path: '/',
        headers,
        body: { raw },
        signing,
        service: target.startsWith(IDENTITY_PREFIX) ? 'cognito-identity' : 'cognito-idp',
        expect: 'aws-json',
      };
    });
  return [{ endpoint, arb }];
}

/** Every endpoint the fuzz covers, each with its request arbitrary. */
export function catalogue(): { endpoint: Endpoint; arb: fc.Arbitrary<FuzzRequest> }[] {
  return [
    ...jsonApi(
      'cognito-idp',
      operations,
      idpSdk as unknown as Record<string, unknown>,
      path.join(SRC, 'protocols/cognito-idp/operations'),
    ),
    ...jsonApi(
      'cognito-identity',
      identityOperations,
      identitySdk as unknown as Record<string, unknown>,
      path.join(SRC, 'protocols/cognito-identity/operations'),
    ),
    ...queryApi(),
    ...oauthApi(),
    ...consoleApi(),
    ...rawApi(),
  ];
}

/** One arbitrary over every endpoint, each about equally likely. */
export function anyRequest(entries = catalogue()): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(...entries.map((e) => e.arb));
}
