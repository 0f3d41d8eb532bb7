// Helpers of @cognate/sigv4's tests: a Cognate server with an identity pool whose guest role has
// a policy, real credentials from it, and requests signed with @smithy/signature-v4 sent with
// node:http (so the Host header can be anything, as an attacker's could).
import { createHash, createHmac, type Hash, type Hmac, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from '@cognate/server/testing';
import { SignatureV4 } from '@smithy/signature-v4';

type SourceData = string | ArrayBuffer | ArrayBufferView;
const toBytes = (d: SourceData): string | Uint8Array =>
  typeof d === 'string'
    ? d
    : ArrayBuffer.isView(d)
      ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
      : new Uint8Array(d);

/** SHA-256 and HMAC-SHA256 for the SigV4 signer, from node:crypto. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac('sha256', toBytes(secret)) : createHash('sha256');
  }
  update(data: SourceData): void {
    this.hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** Temporary credentials as GetCredentialsForIdentity returns them. */
export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** The policy of the guest role: own notes, never a note named `secret`. */
export const notesPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['notes:GetNote', 'notes:PutNote'],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable.
      Resource: 'arn:aws:notes:::note/${cognito-identity.amazonaws.com:sub}/*',
    },
    { Effect: 'Deny', Action: 'notes:*', Resource: 'arn:aws:notes:::note/*/secret' },
  ],
};

/** A server with a shared credentials key, an identity pool, its guest role and one guest. */
export interface Fixture {
  t: TestServer;
  /** The server's credentials key, base64. */
  credentialsKey: string;
  admin: { accessKeyId: string; secretAccessKey: string };
  roleArn: string;
  identityPoolId: string;
  identityId: string;
  creds: Creds;
  close(): Promise<void>;
}

export async function startFixture(): Promise<Fixture> {
  const credentialsKey = randomBytes(32).toString('base64');
  const t = await startTestServer({ config: { credentialsKey } });
  const admin = {
    accessKeyId: t.server.accessKey.accessKeyId,
    secretAccessKey: t.server.accessKey.secret,
  };
  const clients = { region: 'us-east-1', endpoint: t.url, credentials: admin };
  const iam = new IAMClient(clients);
  const identity = new CognitoIdentityClient(clients);
  try {
    const roleName = `Notes_Guest_${randomBytes(4).toString('hex')}`;
    const role = await iam.send(
      new CreateRoleCommand({
        RoleName: roleName,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: 'cognito-identity.amazonaws.com' },
              Action: 'sts:AssumeRoleWithWebIdentity',
            },
          ],
        }),
      }),
    );
    const roleArn = role.Role?.Arn as string;
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: roleName,
        PolicyName: 'notes',
        PolicyDocument: JSON.stringify(notesPolicy),
      }),
    );
    const pool = await identity.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'notes',
        AllowUnauthenticatedIdentities: true,
      }),
    );
    const identityPoolId = pool.IdentityPoolId as string;
    await identity.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: identityPoolId,
        Roles: { unauthenticated: roleArn, authenticated: roleArn },
      }),
    );
    const { IdentityId } = await identity.send(
      new GetIdCommand({ IdentityPoolId: identityPoolId }),
    );
    const got = await identity.send(
      new GetCredentialsForIdentityCommand({ IdentityId: IdentityId as string }),
    );
    const c = got.Credentials;
    const creds: Creds = {
      accessKeyId: c?.AccessKeyId as string,
      secretAccessKey: c?.SecretKey as string,
      sessionToken: c?.SessionToken as string,
      expiration: c?.Expiration as Date,
    };
    return {
      t,
      credentialsKey,
      admin,
      roleArn,
      identityPoolId,
      identityId: IdentityId as string,
      creds,
      async close() {
        iam.destroy();
        identity.destroy();
        await t.close();
      },
    };
  } catch (err) {
    iam.destroy();
    identity.destroy();
    await t.close();
    throw err;
  }
}

/** What `send` sends. */
export interface Outgoing {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

/** Signs a request for `host` (as the SDKs would for API Gateway: service `execute-api`). */
export async function sign(
  creds: Pick<Creds, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>,
  host: string,
  req: Outgoing,
  opts: { date?: Date; service?: string; region?: string } = {},
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: opts.service ?? 'execute-api',
    region: opts.region ?? 'us-east-1',
    credentials: creds,
    sha256: Sha256,
  });
  const [path, query] = req.path.split('?');
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: host.split(':')[0],
      path,
      query: query ? Object.fromEntries(new URLSearchParams(query)) : undefined,
      headers: { host, ...(req.headers ?? {}) },
      body: req.body,
    },
    { signingDate: opts.date ?? new Date() },
  );
  return signed.headers;
}

/** Sends a request with exactly these headers (Host included) to 127.0.0.1:port. */
export function send(
  port: number,
  req: Outgoing,
  headers: Record<string, string>,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const r = request(
      { host: '127.0.0.1', port, method: req.method, path: req.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text);
          } catch {
            json = { text };
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    r.on('error', reject);
    if (req.body) r.write(req.body);
    r.end();
  });
}
