import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { html, type SafeHtml, trusted } from './html.ts';
import { BASE_CSS } from './styles.ts';

/** A pool's or client's look (SetUICustomization): CSS after ours, and a logo. */
export interface Branding {
  css?: string;
  imageUrl?: string;
}

/** What every hosted page is made of. */
export interface LayoutInput {
  /** The document title (the browser tab). */
  title: string;
  /** The page's one `h1`. */
  heading: string;
  /** A line under the heading. */
  description?: string | SafeHtml;
  body: SafeHtml;
  branding?: Branding;
  lang?: string;
}

/** Closes any `</style` in a customer's CSS, so it cannot end the style element early. */
function styleText(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

function styleHash(css: string): string {
  return `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
}

/** A whole hosted page: our stylesheet, the branding's after it, the logo, one card. */
export function renderLayout(input: LayoutInput): string {
  const custom = input.branding?.css ? styleText(input.branding.css) : undefined;
  const logo = input.branding?.imageUrl;
  const page = html`<!doctype html>
<html lang="${input.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${input.title}</title>
<style>${trusted(BASE_CSS)}</style>${custom !== undefined ? html`<style>${trusted(custom)}</style>` : ''}
</head>
<body class="background-customizable">
<main class="banner-customizable">
${logo ? html`<img class="logo-customizable" src="${logo}" alt="">` : ''}
<h1>${input.heading}</h1>
${input.description ? html`<p class="textDescription-customizable">${input.description}</p>` : ''}
${input.body}
</main>
</body>
</html>`;
  return page.value;
}

/**
 * The headers every hosted page is sent with: no scripts at all, styles only by hash (ours and
 * the branding's), never framed, no referrer (the query carries the request), never cached.
 */
export function sendPage(
  reply: FastifyReply,
  page: string,
  opts: { status?: number; branding?: Branding } = {},
): FastifyReply {
  const styles = [styleHash(BASE_CSS)];
  if (opts.branding?.css) styles.push(styleHash(styleText(opts.branding.css)));
  const images = ["'self'", 'data:'];
  const logo = opts.branding?.imageUrl;
  if (logo && /^https?:\/\//i.test(logo)) images.push(new URL(logo).origin);
  reply
    .code(opts.status ?? 200)
    .header('content-type', 'text/html; charset=utf-8')
    .header(
      'content-security-policy',
      [
        "default-src 'none'",
        `style-src ${styles.join(' ')}`,
        `img-src ${images.join(' ')}`,
        "frame-ancestors 'none'",
        "base-uri 'none'",
      ].join('; '),
    )
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache');
  return reply.send(page);
}
