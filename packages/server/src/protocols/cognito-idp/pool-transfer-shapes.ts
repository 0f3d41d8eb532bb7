// Wire shapes of CognateExportUserPool / CognateImportUserPool (Cognate extensions). An export
// page is exactly what an import call takes back, so a file of pages moves a pool. Times are
// epoch seconds with milliseconds, as everywhere in the Cognito JSON protocol.

import { USER_STATUSES, type User, type UserStatus } from '../../model/user.ts';
import { InvalidParameterException } from '../../services/errors.ts';
import type { PoolRecord, UserRecord } from '../../services/import-export/index.ts';
import { CLIENT_ID, str, USER_POOL_ID, USERNAME } from '../../services/validation/index.ts';
import { type MfaWire, mfaFromWire, mfaToWire } from './user-mfa-wire.ts';

/** The pool part of an export (first page only). */
export interface PoolWire {
  Id: string;
  Name: string;
  /** The pool's settings exactly as stored (a UserPoolType without its computed members). */
  Settings: Record<string, unknown>;
  CreationDate: Date;
  LastModifiedDate: Date;
  Clients: {
    ClientId: string;
    ClientName: string;
    ClientSecret?: string;
    Settings: Record<string, unknown>;
    CreationDate: Date;
    LastModifiedDate: Date;
  }[];
  Groups: {
    GroupName: string;
    Description?: string;
    RoleArn?: string;
    Precedence?: number;
    CreationDate: Date;
    LastModifiedDate: Date;
  }[];
}

/** One exported user. */
export interface UserWire {
  Sub: string;
  Username: string;
  UserStatus: string;
  Enabled: boolean;
  Attributes: Record<string, string>;
  /** SRP salt and verifier (hex), absent for a user without a password. */
  SrpSalt?: string;
  SrpVerifier?: string;
  PasswordChangedAt?: Date;
  /** Tokens issued before this instant are revoked (GlobalSignOut); 0 when never. */
  TokensValidAfter: Date;
  UserCreateDate: Date;
  UserLastModifiedDate: Date;
  Groups: string[];
  ProviderLinks: {
    ProviderName: string;
    ProviderAttributeName: string;
    ProviderAttributeValue: string;
    CreationDate: Date;
  }[];
  /** MFA settings, when the user has any (the authenticator secret in clear). */
  Mfa?: MfaWire;
}

const date = (ms: number) => new Date(ms);

/** The wire form of an exported pool. */
export function poolToWire(r: PoolRecord): PoolWire {
  return {
    Id: r.pool.id,
    Name: r.pool.name,
    Settings: r.pool.settings as unknown as Record<string, unknown>,
    CreationDate: r.pool.createdAt,
    LastModifiedDate: r.pool.updatedAt,
    Clients: r.clients.map((c) => ({
      ClientId: c.id,
      ClientName: c.name,
      ClientSecret: c.secret,
      Settings: c.settings as unknown as Record<string, unknown>,
      CreationDate: c.createdAt,
      LastModifiedDate: c.updatedAt,
    })),
    Groups: r.groups.map((g) => ({
      GroupName: g.name,
      Description: g.description ?? undefined,
      RoleArn: g.role_arn ?? undefined,
      Precedence: g.precedence ?? undefined,
      CreationDate: date(Number(g.created_at)),
      LastModifiedDate: date(Number(g.updated_at)),
    })),
  };
}

/** The wire form of an exported user. */
export function userToWire(r: UserRecord): UserWire {
  const u = r.user;
  return {
    Sub: u.id,
    Username: u.username,
    UserStatus: u.status,
    Enabled: u.enabled,
    Attributes: u.attributes,
    SrpSalt: u.srp?.salt,
    SrpVerifier: u.srp?.verifier,
    PasswordChangedAt: u.passwordChangedAt === undefined ? undefined : date(u.passwordChangedAt),
    TokensValidAfter: date(u.tokensValidAfter),
    UserCreateDate: u.createdAt,
    UserLastModifiedDate: u.updatedAt,
    Groups: r.groups,
    ProviderLinks: r.links.map((l) => ({
      ProviderName: l.provider_name,
      ProviderAttributeName: l.provider_attribute_name,
      ProviderAttributeValue: l.provider_attribute_value,
      CreationDate: date(Number(l.created_at)),
    })),
    Mfa: r.mfa && mfaToWire(r.mfa),
  };
}

type Obj = Record<string, unknown>;

function bad(path: string, what: string): never {
  throw new InvalidParameterException(`Invalid ${path}: ${what}.`);
}

function object(value: unknown, path: string): Obj {
  if (!value || typeof value !== 'object' || Array.isArray(value)) bad(path, 'expected an object');
  return value as Obj;
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) bad(path, 'expected a list');
  return value;
}

function text(o: Obj, field: string, path: string, optional = false): string {
  const value = o[field];
  if ((value === undefined || value === null) && optional) return '';
  if (typeof value !== 'string' || value === '') bad(`${path}.${field}`, 'expected a string');
  return value;
}

/** Epoch seconds (JSON protocol timestamps) → epoch ms. */
function time(o: Obj, field: string, path: string, optional = false): number | undefined {
  const value = o[field];
  if ((value === undefined || value === null) && optional) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    bad(`${path}.${field}`, 'expected a timestamp (epoch seconds)');
  }
  return Math.round(value * 1000);
}

const HEX = /^[0-9a-f]+$/i;
const SUB = /^[\w-]{1,64}$/;

/** Reads the `Pool` member of CognateImportUserPool. */
export function poolFromWire(value: unknown): PoolRecord {
  const p = object(value, 'Pool');
  const id = str(p, 'Id', USER_POOL_ID);
  const settings = object(p.Settings, 'Pool.Settings');
  return {
    pool: {
      id,
      name: text(p, 'Name', 'Pool'),
      settings: settings as unknown as PoolRecord['pool']['settings'],
      createdAt: new Date(time(p, 'CreationDate', 'Pool') as number),
      updatedAt: new Date(time(p, 'LastModifiedDate', 'Pool') as number),
    },
    clients: list(p.Clients, 'Pool.Clients').map((item, i) => {
      const path = `Pool.Clients.${i + 1}`;
      const c = object(item, path);
      return {
        id: str(c, 'ClientId', CLIENT_ID),
        userPoolId: id,
        name: text(c, 'ClientName', path),
        secret: text(c, 'ClientSecret', path, true) || undefined,
        settings: object(
          c.Settings,
          `${path}.Settings`,
        ) as unknown as PoolRecord['clients'][number]['settings'],
        createdAt: new Date(time(c, 'CreationDate', path) as number),
        updatedAt: new Date(time(c, 'LastModifiedDate', path) as number),
      };
    }),
    groups: list(p.Groups, 'Pool.Groups').map((item, i) => {
      const path = `Pool.Groups.${i + 1}`;
      const g = object(item, path);
      const precedence = g.Precedence;
      if (precedence !== undefined && precedence !== null && !Number.isInteger(precedence)) {
        bad(`${path}.Precedence`, 'expected an integer');
      }
      return {
        user_pool_id: id,
        name: text(g, 'GroupName', path),
        description: text(g, 'Description', path, true) || null,
        role_arn: text(g, 'RoleArn', path, true) || null,
        precedence: (precedence as number | undefined) ?? null,
        created_at: time(g, 'CreationDate', path) as number,
        updated_at: time(g, 'LastModifiedDate', path) as number,
      };
    }),
  };
}

function attributes(value: unknown, path: string, sub: string): Record<string, string> {
  const o = object(value, path);
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(o)) {
    if (typeof v !== 'string') bad(`${path}.${name}`, 'expected a string');
    out[name] = v;
  }
  return { ...out, sub };
}

/** Reads one item of the `Users` member of CognateImportUserPool (the pool is set later). */
export function userFromWire(value: unknown, i: number): UserRecord {
  const path = `Users.${i + 1}`;
  const u = object(value, path);
  const sub = text(u, 'Sub', path);
  if (!SUB.test(sub)) bad(`${path}.Sub`, 'expected a sub');
  const status = text(u, 'UserStatus', path) as UserStatus;
  if (!(USER_STATUSES as readonly string[]).includes(status))
    bad(`${path}.UserStatus`, `unknown status ${status}`);
  if (typeof u.Enabled !== 'boolean') bad(`${path}.Enabled`, 'expected a boolean');
  const salt = text(u, 'SrpSalt', path, true);
  const verifier = text(u, 'SrpVerifier', path, true);
  if (Boolean(salt) !== Boolean(verifier) || (salt && (!HEX.test(salt) || !HEX.test(verifier)))) {
    bad(`${path}.SrpSalt/SrpVerifier`, 'expected both, in hex, or neither');
  }
  const user: User = {
    id: sub,
    userPoolId: '',
    username: str(u, 'Username', USERNAME),
    status,
    enabled: u.Enabled,
    attributes: attributes(u.Attributes, `${path}.Attributes`, sub),
    srp: salt ? { salt, verifier } : undefined,
    passwordChangedAt: time(u, 'PasswordChangedAt', path, true),
    tokensValidAfter: time(u, 'TokensValidAfter', path) as number,
    createdAt: new Date(time(u, 'UserCreateDate', path) as number),
    updatedAt: new Date(time(u, 'UserLastModifiedDate', path) as number),
  };
  const groups = list(u.Groups, `${path}.Groups`).map((g, j) => {
    if (typeof g !== 'string' || g === '') bad(`${path}.Groups.${j + 1}`, 'expected a group name');
    return g;
  });
  const links = list(u.ProviderLinks, `${path}.ProviderLinks`).map((item, j) => {
    const lp = `${path}.ProviderLinks.${j + 1}`;
    const l = object(item, lp);
    return {
      user_pool_id: '',
      provider_name: text(l, 'ProviderName', lp),
      provider_attribute_name: text(l, 'ProviderAttributeName', lp),
      provider_attribute_value: text(l, 'ProviderAttributeValue', lp),
      user_id: sub,
      created_at: time(l, 'CreationDate', lp) as number,
    };
  });
  return { user, groups, links, mfa: mfaFromWire(u.Mfa, `${path}.Mfa`) };
}
