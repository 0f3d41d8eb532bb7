import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../services/context.ts';

/**
 * `POST /` with a form body (`Action=…&Version=…`): the AWS Query protocol, as STS
 * (`GetCallerIdentity`) and IAM (roles and their policies) are called. Answers are XML.
 */
export async function handleAwsQuery(
  _ctx: Context,
  _req: FastifyRequest,
  reply: FastifyReply,
  _opts: { dev: boolean },
): Promise<unknown> {
  return reply
    .status(400)
    .header('content-type', 'text/xml')
    .send(
      '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>The action is not valid for this endpoint.</Message></Error></ErrorResponse>',
    );
}
