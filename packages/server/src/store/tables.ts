import type { ColumnType, Insertable, Selectable } from 'kysely';

// Table types. Times are epoch milliseconds, made in code so SQLite and PostgreSQL agree.

export interface AccessKeyTable {
  access_key_id: string;
  secret_access_key: string;
  created_at: number;
}

export interface UserPoolTable {
  id: string;
  name: string;
  settings: string; // JSON: UserPoolSettings
  created_at: number;
  updated_at: number;
  /** The kid of the key that signs the pool's tokens (null: look it up in signing_keys). */
  signing_kid: string | null;
}

export interface UserPoolClientTable {
  id: string;
  user_pool_id: string;
  name: string;
  secret: string | null;
  settings: string; // JSON: UserPoolClientSettings
  created_at: number;
  updated_at: number;
}

export interface SigningKeyTable {
  kid: string;
  user_pool_id: string;
  private_jwk: string;
  public_jwk: string;
  created_at: number;
  retired_at: number | null;
}

export interface UserTable {
  id: string; // the user's `sub`
  user_pool_id: string;
  username: string;
  username_key: string; // lookup form: lower-cased when the pool is case-insensitive
  status: string;
  enabled: number;
  attributes: string; // JSON: Record<string, string>
  srp_salt: string | null;
  srp_verifier: string | null;
  password_changed_at: number | null;
  tokens_valid_after: number;
  created_at: number;
  updated_at: number;
}

/** Sign-in identifiers other than the username (email, phone, preferred_username). */
export interface UserIdentifierTable {
  user_pool_id: string;
  kind: string;
  value_key: string;
  user_id: string;
}

export interface CodeTable {
  id: string;
  user_pool_id: string;
  user_id: string;
  purpose: string;
  code_hash: string;
  attempts: number;
  expires_at: number;
  created_at: number;
  /** When the run of wrong guesses counted in `attempts` began (kept across re-issues); 0: none. */
  attempts_since: number;
}

export interface RefreshTokenTable {
  id: string; // origin_jti of every token issued from this sign-in
  user_pool_id: string;
  client_id: string;
  user_id: string;
  token_hash: string;
  auth_time: number;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  /** The device the sign-in was issued to (device tracking); set after the grant's insert. */
  device_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** Space-separated OAuth scopes (grants from /oauth2/token); null for the API's sign-ins. */
  scopes: ColumnType<string | null, string | null | undefined, string | null>;
  /** A rotated-in token's sign-in (the family's first row); null on that first row itself. */
  family_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the token was exchanged for its successor (refresh-token rotation); null until then. */
  rotated_at: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface AuthSessionTable {
  id: string; // SHA-256 of the opaque Session string
  user_pool_id: string;
  client_id: string;
  user_id: string;
  challenge: string;
  state: string; // JSON, per challenge
  attempts: number;
  expires_at: number;
  created_at: number;
}

export interface OutboxTable {
  id: string; // time-ordered, made in code (portable across SQLite and PostgreSQL)
  user_pool_id: string;
  username: string;
  channel: string;
  destination: string;
  subject: string | null;
  body: string;
  code: string | null;
  created_at: number;
}

export interface ServerSecretTable {
  name: string;
  value: string;
}

export interface GroupTable {
  user_pool_id: string;
  name: string;
  description: string | null;
  role_arn: string | null;
  precedence: number | null;
  created_at: number;
  updated_at: number;
}

export interface UserGroupTable {
  user_pool_id: string;
  group_name: string;
  user_id: string;
  created_at: number;
}

/** Sign-in history (AdminListUserAuthEvents). */
/** One admin operation (the audit log); never a password, secret, token or code. */
export interface AuditEventTable {
  id: string;
  created_at: number;
  /** The SigV4 access key id (also for the console's calls, which run with the signed-in key). */
  access_key_id: string | null;
  /** The admin console session the call came through; null for SigV4 calls. */
  console_session_id: string | null;
  operation: string;
  user_pool_id: string | null;
  target_username: string | null;
  target_client_id: string | null;
  target_group: string | null;
  /** 'ok' or the error's wire name. */
  outcome: string;
  source_ip: string | null;
  user_agent: string | null;
}

export interface AuthEventTable {
  id: string;
  user_pool_id: string;
  user_id: string;
  event_type: string;
  event_response: string;
  challenges: string; // JSON: ChallengeResponseType[]
  context: string | null; // JSON: EventContextDataType
  created_at: number;
}

/** External identities linked to a user (AdminLinkProviderForUser). */
export interface ProviderLinkTable {
  user_pool_id: string;
  provider_name: string;
  provider_attribute_name: string;
  provider_attribute_value: string;
  user_id: string;
  created_at: number;
}

/** ListUsers search index: one row per searchable attribute value of a user. */
export interface UserSearchTable {
  user_pool_id: string;
  name: string;
  value: string;
  user_id: string;
}

export interface UserImportJobTable {
  id: string;
  user_pool_id: string;
  job_name: string;
  status: string;
  role_arn: string;
  upload_token_hash: string;
  uploaded_bytes: number;
  imported_users: number;
  skipped_users: number;
  failed_users: number;
  completion_message: string | null;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  heartbeat_at: number | null;
}

export interface UserImportChunkTable {
  job_id: string;
  seq: number;
  data: string;
}

/** Consecutive failed sign-ins of a user, for the lockout (Cognito's "Password attempts exceeded"). */
export interface SignInFailureTable {
  user_id: string;
  user_pool_id: string;
  failures: number;
  last_failure_at: number;
  locked_until: number;
}

/** A rate-limit bucket (GCRA): `tat` is when it is full again, epoch microseconds. */
export interface RateLimitTable {
  key: string;
  tat: number;
}

/** A user's device (ConfirmDevice): its SRP verifier and remembered status. */
export interface DeviceTable {
  device_key: string; // <region>_<uuid>
  user_pool_id: string;
  user_id: string;
  group_key: string;
  salt: string | null; // hex, set by ConfirmDevice
  verifier: string | null; // hex, set by ConfirmDevice
  name: string | null;
  status: string; // unconfirmed | remembered | not_remembered
  attributes: string; // JSON: further device attributes
  created_at: number;
  updated_at: number;
  last_authenticated_at: number | null;
}

/** A user's MFA settings (SetUserMFAPreference, SetUserSettings, the authenticator app). */
export interface UserMfaTable {
  user_id: string;
  user_pool_id: string;
  sms_enabled: number;
  totp_enabled: number;
  email_enabled: number;
  preferred: string | null; // SMS_MFA | SOFTWARE_TOKEN_MFA | EMAIL_OTP
  preferences_set: number;
  totp_secret: string | null; // sealed (AES-256-GCM), verified
  totp_pending: string | null; // sealed, associated and not yet verified
  totp_last_step: number;
  updated_at: number;
}

/** An authorization code between /oauth2/authorize and /oauth2/token (stored hashed). */
export interface OAuthCodeTable {
  id: string; // SHA-256 of the code, hex
  user_pool_id: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  scopes: string; // space-separated
  nonce: string | null;
  code_challenge: string | null;
  code_challenge_method: string | null; // S256 | plain
  identity_provider: string | null;
  auth_time: number;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
  grant_id: string | null;
}

/** A hosted-UI session (the `session` cookie, stored hashed). */
export interface HostedSessionTable {
  id: string; // SHA-256 of the cookie value, hex
  user_pool_id: string;
  user_id: string;
  auth_time: number;
  created_at: number;
  expires_at: number;
}

/** A pool's domain (CreateUserPoolDomain): a prefix, or a custom host name with a certificate. */
export interface UserPoolDomainTable {
  domain: string; // unique across pools
  user_pool_id: string;
  kind: string; // prefix | custom
  certificate_arn: string | null;
  managed_login_version: number;
  version: string;
  created_at: number;
  updated_at: number;
}

/** A resource server of a pool and its custom scopes (CreateResourceServer). */
export interface ResourceServerTable {
  user_pool_id: string;
  identifier: string;
  name: string;
  scopes: string; // JSON: ResourceServerScopeType[]
  created_at: number;
  updated_at: number;
}

/** Hosted-UI branding of a pool (client_id 'ALL') or of one app client (SetUICustomization). */
export interface UICustomizationTable {
  user_pool_id: string;
  client_id: string;
  css: string | null;
  css_version: string | null;
  image: string | null; // base64
  image_type: string | null; // image/png | image/jpeg
  image_id: string | null;
  created_at: number;
  updated_at: number;
}

/** An identity provider of a pool (CreateIdentityProvider). */
export interface IdentityProviderTable {
  user_pool_id: string;
  provider_name: string;
  provider_type: string; // SAML | OIDC | Google | Facebook | LoginWithAmazon | SignInWithApple
  details: string; // JSON: ProviderDetails, client_secret and private_key sealed
  attribute_mapping: string; // JSON: AttributeMapping
  idp_identifiers: string; // JSON: IdpIdentifiers
  created_at: number;
  updated_at: number;
}

/** An IdpIdentifier, unique in its pool, naming its provider. */
export interface IdentityProviderIdentifierTable {
  user_pool_id: string;
  identifier: string;
  provider_name: string;
}

/** A redirect to an identity provider under way, until /oauth2/idpresponse (stored hashed). */
export interface UpstreamFlowTable {
  state_hash: string; // SHA-256 of the state, hex
  user_pool_id: string;
  provider_name: string;
  binding_hash: string; // SHA-256 of the `upstream` cookie's value, hex
  data: string; // JSON: nonce, sealed PKCE verifier, the app's authorize request
  created_at: number;
  expires_at: number;
}

/** An identity pool (CreateIdentityPool). */
export interface IdentityPoolTable {
  id: string; // <region>:<uuid>
  name: string;
  settings: string; // JSON: IdentityPoolSettings
  created_at: number;
  updated_at: number;
}

/** An identity of an identity pool (GetId). */
export interface IdentityTable {
  id: string; // <region>:<uuid>
  identity_pool_id: string;
  created_at: number;
  updated_at: number;
}

/** A login linked to an identity: one identity per (pool, provider, subject), for ever. */
export interface IdentityLoginTable {
  identity_pool_id: string;
  provider: string;
  subject: string;
  identity_id: string;
  created_at: number;
}

/** A tag of an identity pool. */
export interface IdentityPoolTagTable {
  identity_pool_id: string;
  tag_key: string;
  tag_value: string;
}

/** An IAM role (CreateRole); `name_key` is the lower-cased name (unique regardless of case). */
export interface IamRoleTable {
  name_key: string;
  role_name: string;
  role_id: string; // AROA…
  path: string;
  arn: string;
  description: string | null;
  max_session_duration: number; // seconds
  assume_role_policy: string; // JSON, as given
  created_at: number;
}

/** An inline policy of an IAM role (PutRolePolicy). */
export interface IamRolePolicyTable {
  name_key: string; // the role's
  policy_name: string;
  document: string; // JSON, as given
  created_at: number;
  updated_at: number;
}

/** Temporary credentials issued by GetCredentialsForIdentity (the secret is derived, not kept). */
export interface IdentityCredentialTable {
  access_key_id: string; // ASIA…
  identity_id: string;
  identity_pool_id: string;
  role_arn: string;
  issued_at: number;
  expires_at: number;
  login_provider: string | null; // the Logins key; null for a guest
  login_subject: string | null;
  user_pool_id: string | null; // with ServerSideTokenCheck: the user pool, user and grant
  user_sub: string | null;
  origin_jti: string | null;
}

/** An admin console session (the cookie's token is kept as its SHA-256 only). */
export interface AdminSessionTable {
  id: string;
  token_hash: string;
  access_key_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  absolute_expires_at: number;
  source_ip: string | null;
  user_agent: string | null;
}

/** The whole schema, as Kysely sees it. */
export interface Database {
  access_keys: AccessKeyTable;
  user_pools: UserPoolTable;
  user_pool_clients: UserPoolClientTable;
  signing_keys: SigningKeyTable;
  users: UserTable;
  user_identifiers: UserIdentifierTable;
  codes: CodeTable;
  refresh_tokens: RefreshTokenTable;
  auth_sessions: AuthSessionTable;
  outbox: OutboxTable;
  server_secrets: ServerSecretTable;
  groups: GroupTable;
  user_groups: UserGroupTable;
  auth_events: AuthEventTable;
  audit_events: AuditEventTable;
  provider_links: ProviderLinkTable;
  user_search: UserSearchTable;
  user_import_jobs: UserImportJobTable;
  user_import_chunks: UserImportChunkTable;
  sign_in_failures: SignInFailureTable;
  rate_limits: RateLimitTable;
  user_mfa: UserMfaTable;
  devices: DeviceTable;
  identity_providers: IdentityProviderTable;
  identity_provider_identifiers: IdentityProviderIdentifierTable;
  upstream_flows: UpstreamFlowTable;
  user_pool_domains: UserPoolDomainTable;
  resource_servers: ResourceServerTable;
  ui_customizations: UICustomizationTable;
  oauth_codes: OAuthCodeTable;
  hosted_sessions: HostedSessionTable;
  iam_roles: IamRoleTable;
  iam_role_policies: IamRolePolicyTable;
  identity_pools: IdentityPoolTable;
  identities: IdentityTable;
  identity_logins: IdentityLoginTable;
  identity_pool_tags: IdentityPoolTagTable;
  identity_credentials: IdentityCredentialTable;
  admin_sessions: AdminSessionTable;
}

export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserPoolRow = Selectable<UserPoolTable>;
export type UserPoolClientRow = Selectable<UserPoolClientTable>;
export type CodeRow = Selectable<CodeTable>;
export type RefreshTokenRow = Selectable<RefreshTokenTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
export type AuthSessionRow = Selectable<AuthSessionTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type SigningKeyRow = Selectable<SigningKeyTable>;
export type DeviceRow = Selectable<DeviceTable>;
