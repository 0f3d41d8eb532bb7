import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';

/** the hosted pages (`/login`, `/signup`, `/confirmUser`, `/forgotPassword`, …) under a pool domain's base. */
export function registerPages(_app: FastifyInstance, _ctx: Context): void {}
