import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';

/** `POST /oauth2/revoke` under a pool domain's base. */
export function registerRevoke(_app: FastifyInstance, _ctx: Context): void {}
