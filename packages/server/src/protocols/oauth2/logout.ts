import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';

/** `GET /logout` under a pool domain's base. */
export function registerLogout(_app: FastifyInstance, _ctx: Context): void {}
