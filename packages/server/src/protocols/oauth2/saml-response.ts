import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';

/** `POST /saml2/idpresponse` (SAML 2.0 providers) under a pool domain's base. */
export function registerSamlResponse(_app: FastifyInstance, _ctx: Context): void {}
