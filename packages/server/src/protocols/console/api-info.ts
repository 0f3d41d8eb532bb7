import type {
  DescribeUserPoolClientResponse,
  DescribeUserPoolResponse,
  GetUserPoolMfaConfigResponse,
  ListUserPoolClientsResponse,
  UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { FastifyInstance } from 'fastify';
import { poolActivity } from '../../services/console/activity.ts';
import {
  awsExportsFor,
  mfaTypesOf,
  setupInstructions,
} from '../../services/console/aws-exports.ts';
import type { Context } from '../../services/context.ts';
import { recentMessages } from '../../services/delivery/index.ts';
import { poolDomain } from '../../services/domains/resolve.ts';
import { InvalidParameterException, ResourceNotFoundException } from '../../services/errors.ts';
import { CLIENT_ID, str, USER_POOL_ID } from '../../services/validation/index.ts';
import type { Operation } from '../cognito-idp/operation.ts';
import { operations } from '../cognito-idp/operations/index.ts';
import { run } from '../cognito-idp/pipeline.ts';
import { consoleCaller, refuse } from './guard.ts';
import type { ConsoleOptions } from './options.ts';

const byName = new Map(operations.map((op) => [op.name, op as Operation]));

/** Runs a management operation as the console, through the SigV4 endpoint's pipeline. */
function call<T>(ctx: Context, name: string, input: Record<string, unknown>): Promise<T> {
  return run(ctx, byName.get(name) as Operation, input) as Promise<T>;
}

/**
 * The client the setup instructions are for: the one asked for, else the pool's first client
 * without a secret (a web app cannot keep one), else its first.
 */
async function setupClient(
  ctx: Context,
  userPoolId: string,
  clientId: string | undefined,
): Promise<UserPoolClientType> {
  const describe = async (id: string) =>
    (
      await call<DescribeUserPoolClientResponse>(ctx, 'DescribeUserPoolClient', {
        UserPoolId: userPoolId,
        ClientId: id,
      })
    ).UserPoolClient as UserPoolClientType;
  if (clientId) return describe(clientId);
  const listed = await call<ListUserPoolClientsResponse>(ctx, 'ListUserPoolClients', {
    UserPoolId: userPoolId,
    MaxResults: 60,
  });
  const clients = await Promise.all(
    (listed.UserPoolClients ?? []).map((c) => describe(c.ClientId as string)),
  );
  const chosen = clients.find((c) => !c.ClientSecret) ?? clients[0];
  if (!chosen) throw new InvalidParameterException('The user pool has no app client yet.');
  return chosen;
}

/**
 * The console's read-only views: the dev outbox, a pool's activity per hour, and a pool's local
 * setup instructions.
 */
export function registerInfoApi(app: FastifyInstance, ctx: Context, opts: ConsoleOptions) {
  app.get<{ Querystring: { username?: string; userPoolId?: string; limit?: string } }>(
    '/api/outbox',
    async (req, reply) => {
      try {
        await consoleCaller(ctx, req, opts, true);
        if (!opts.devOutbox) {
          throw new ResourceNotFoundException(
            'The outbox is served on a loopback bind or in dev mode only.',
          );
        }
        const limit = Math.min(Math.max(Number(req.query.limit) || 50, 1), 500);
        const messages = await recentMessages(ctx, {
          username: req.query.username || undefined,
          userPoolId: req.query.userPoolId || undefined,
          limit,
        });
        return reply.send({
          messages: messages.map((m) => ({ ...m, createdAt: new Date(m.createdAt).toISOString() })),
        });
      } catch (err) {
        return refuse(req, reply, err);
      }
    },
  );

  app.get<{ Querystring: { userPoolId?: string; days?: string } }>(
    '/api/activity',
    async (req, reply) => {
      try {
        await consoleCaller(ctx, req, opts, true);
        const userPoolId = str(req.query, 'userPoolId', USER_POOL_ID);
        const days = req.query.days === undefined ? 7 : Number(req.query.days);
        return reply.send(await poolActivity(ctx, userPoolId, days));
      } catch (err) {
        return refuse(req, reply, err);
      }
    },
  );

  app.get<{ Querystring: { userPoolId?: string; clientId?: string } }>(
    '/api/setup',
    async (req, reply) => {
      try {
        await consoleCaller(ctx, req, opts, true);
        const userPoolId = str(req.query, 'userPoolId', USER_POOL_ID);
        const clientId = req.query.clientId ? str(req.query, 'clientId', CLIENT_ID) : undefined;
        const { UserPool: pool } = await call<DescribeUserPoolResponse>(ctx, 'DescribeUserPool', {
          UserPoolId: userPoolId,
        });
        const client = await setupClient(ctx, userPoolId, clientId);
        const mfaOn = (pool?.MfaConfiguration ?? 'OFF') !== 'OFF';
        const mfaTypes = mfaOn
          ? mfaTypesOf(
              await call<GetUserPoolMfaConfigResponse>(ctx, 'GetUserPoolMfaConfig', {
                UserPoolId: userPoolId,
              }),
            )
          : undefined;
        const exports = awsExportsFor({
          region: userPoolId.split('_')[0] ?? ctx.region,
          endpoint: ctx.publicUrl,
          pool: pool ?? {},
          client,
          mfaTypes,
          hostedUiBase: (await poolDomain(ctx, userPoolId))?.base,
        });
        return reply.send(
          setupInstructions({
            endpoint: ctx.publicUrl,
            userPoolId,
            clientId: client.ClientId as string,
            exports,
          }),
        );
      } catch (err) {
        return refuse(req, reply, err);
      }
    },
  );
}
