import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';

/** `POST /oauth2/token` under a pool domain's base. */
export function registerToken(_app: FastifyInstance, _ctx: Context): void {}
