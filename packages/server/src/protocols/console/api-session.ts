import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  csrfTokenOf,
  endConsoleSession,
  listConsoleSessions,
  startConsoleSession,
} from '../../services/console/sessions.ts';
import type { Context } from '../../services/context.ts';
import { InvalidParameterException, ResourceNotFoundException } from '../../services/errors.ts';
import type { AdminSession } from '../../store/repositories/admin-sessions.ts';
import { parseBody } from '../cognito-idp/pipeline.ts';
import { checkOrigin, consoleCaller, refuse, setSessionCookie } from './guard.ts';
import type { ConsoleOptions } from './options.ts';
import { sourceIp } from './transport.ts';

const iso = (ms: number) => new Date(ms).toISOString();

function sessionAnswer(ctx: Context, session: AdminSession, token: string) {
  return {
    accessKeyId: session.accessKeyId,
    csrfToken: csrfTokenOf(ctx, token),
    expiresAt: iso(session.expiresAt),
    sessionId: session.id,
  };
}

/** A required string member of the sign-in body (InvalidParameterException otherwise). */
function credential(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > 256) {
    throw new InvalidParameterException(`${name} is required.`);
  }
  return value;
}

/**
 * The session endpoints: sign-in (`POST /console/api/session`), who is signed in (`GET`),
 * sign-out (`DELETE`), and the list of sessions with revocation. The sign-in body holds the
 * admin secret: it is read here and nowhere logged.
 */
export function registerSessionApi(app: FastifyInstance, ctx: Context, opts: ConsoleOptions) {
  app.post('/api/session', async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      checkOrigin(req, opts, ctx);
      const body = parseBody(req.body as Buffer | undefined);
      const accessKeyId = credential(body, 'accessKeyId');
      const secretAccessKey = credential(body, 'secretAccessKey');
      // A refusal is logged by refuse() with its detail, which names the key only if it is one.
      const started = await startConsoleSession(
        ctx,
        { accessKeyId, secretAccessKey },
        { sourceIp: sourceIp(req, opts), userAgent: req.headers['user-agent'] },
        opts.sessionTtlSeconds,
      );
      req.log.info(
        { accessKeyId, sessionId: started.session.id, ip: sourceIp(req, opts) },
        'console sign-in',
      );
      setSessionCookie(req, reply, opts, started.token);
      return reply.send(sessionAnswer(ctx, started.session, started.token));
    } catch (err) {
      return refuse(req, reply, err);
    }
  });

  app.get('/api/session', async (req, reply) => {
    try {
      const { session, token } = await consoleCaller(ctx, req, opts, true);
      return reply.send({
        ...sessionAnswer(ctx, session, token),
        dev: opts.dev,
        outbox: opts.devOutbox,
        endpoint: ctx.publicUrl,
        region: ctx.region,
      });
    } catch (err) {
      return refuse(req, reply, err);
    }
  });

  app.delete('/api/session', async (req, reply) => {
    try {
      const { session } = await consoleCaller(ctx, req, opts, false);
      await endConsoleSession(ctx, session.id);
      req.log.info({ accessKeyId: session.accessKeyId, sessionId: session.id }, 'console sign-out');
      setSessionCookie(req, reply, opts, '');
      return reply.status(204).send();
    } catch (err) {
      return refuse(req, reply, err);
    }
  });

  app.get('/api/sessions', async (req, reply) => {
    try {
      const { session: current } = await consoleCaller(ctx, req, opts, true);
      const sessions = await listConsoleSessions(ctx);
      return reply.send({
        sessions: sessions.map((s) => ({
          sessionId: s.id,
          accessKeyId: s.accessKeyId,
          createdAt: iso(s.createdAt),
          lastSeenAt: iso(s.lastSeenAt),
          expiresAt: iso(s.expiresAt),
          sourceIp: s.sourceIp ?? null,
          userAgent: s.userAgent ?? null,
          current: s.id === current.id,
        })),
      });
    } catch (err) {
      return refuse(req, reply, err);
    }
  });

  app.delete<{ Params: { sessionId: string } }>('/api/sessions/:sessionId', async (req, reply) => {
    try {
      const { session } = await consoleCaller(ctx, req, opts, false);
      const { sessionId } = req.params;
      if (!/^[0-9a-f]{32}$/.test(sessionId))
        throw new ResourceNotFoundException('No such console session.');
      await endConsoleSession(ctx, sessionId);
      req.log.info(
        { accessKeyId: session.accessKeyId, revoked: sessionId },
        'console session revoked',
      );
      if (sessionId === session.id) setSessionCookie(req, reply, opts, '');
      return reply.status(204).send();
    } catch (err) {
      return refuse(req, reply, err);
    }
  });
}
