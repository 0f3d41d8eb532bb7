import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';

/** `GET|POST /oauth2/userInfo` under a pool domain's base. */
export function registerUserInfo(_app: FastifyInstance, _ctx: Context): void {}
