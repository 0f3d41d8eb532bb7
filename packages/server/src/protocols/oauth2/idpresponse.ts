import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';

/** `/oauth2/idpresponse` (OIDC and social providers) under a pool domain's base. */
export function registerIdpResponse(_app: FastifyInstance, _ctx: Context): void {}
