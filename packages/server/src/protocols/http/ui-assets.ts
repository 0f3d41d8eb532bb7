import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { findLogo } from '../../services/ui-customization/index.ts';

/** Where SetUICustomization's logos are served (ImageUrl), publicly as Cognito's are. */
export const UI_ASSETS_PREFIX = '/ui-customization';

/** `GET /ui-customization/<userPoolId>/<clientId>/<imageId>.<png|jpg>`: a pool's or client's logo. */
export function registerUiAssets(app: FastifyInstance, ctx: Context): void {
  app.get<{ Params: { pool: string; client: string; file: string } }>(
    `${UI_ASSETS_PREFIX}/:pool/:client/:file`,
    async (req, reply) => {
      const m = /^([0-9a-f]{32})\.(png|jpg)$/.exec(req.params.file);
      const logo = m && (await findLogo(ctx, req.params.pool, req.params.client, m[1]));
      if (!logo) return reply.status(404).send({ message: 'Not found' });
      return (
        reply
          .header('content-type', logo.type)
          .header('x-content-type-options', 'nosniff')
          // The URL changes with the image, so it can be cached for good.
          .header('cache-control', 'public, max-age=31536000, immutable')
          .send(logo.bytes)
      );
    },
  );
}
