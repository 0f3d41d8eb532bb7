import type { FastifyInstance, FastifyReply } from 'fastify';
import type { UiFiles } from './ui-files.ts';

/** A page of the server's own when the console itself cannot be shown. */
export function plainPage(reply: FastifyReply, status: number, title: string, text: string) {
  const escapeHtml = (s: string) =>
    s.replace(
      /[&<>"]/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
    );
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
        `<meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
        `<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`,
    );
}

/**
 * The built console: `index.html` at `/console` and `/console/` (never cached, so a new build
 * is picked up), hashed files under `/console/assets/` (cached for good), and the few other
 * files of dist/ (icons). Without a build, a page saying how to make one.
 */
export function registerPages(app: FastifyInstance, files: UiFiles) {
  const index = async (_req: unknown, reply: FastifyReply) => {
    const file = files.built() ? await files.read('index.html') : undefined;
    if (!file) {
      return plainPage(
        reply,
        503,
        'The admin console is not built',
        'Run `npm run build` in the Cognate checkout (npm ci runs it too), then reload this page.',
      );
    }
    return reply
      .header('content-type', file.contentType)
      .header('cache-control', 'no-cache')
      .send(file.body);
  };
  app.get('/', index);

  app.get<{ Params: { '*': string } }>('/assets/*', async (req, reply) => {
    const file = await files.read(`assets/${req.params['*']}`);
    if (!file) return plainPage(reply, 404, 'Not found', 'No such console file.');
    return reply
      .header('content-type', file.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(file.body);
  });

  app.get<{ Params: { file: string } }>('/:file', async (req, reply) => {
    const name = req.params.file;
    const file = name === 'index.html' || name === 'api' ? undefined : await files.read(name);
    if (!file) return plainPage(reply, 404, 'Not found', 'No such console file.');
    return reply
      .header('content-type', file.contentType)
      .header('cache-control', 'public, max-age=3600')
      .send(file.body);
  });
}
