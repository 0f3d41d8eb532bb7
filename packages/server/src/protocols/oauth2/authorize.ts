import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';

/** `GET /oauth2/authorize` under a pool domain's base. */
export function registerAuthorize(_app: FastifyInstance, _ctx: Context): void {}
