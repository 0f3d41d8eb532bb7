import { html } from './html.ts';
import { renderLayout } from './layout.ts';

export { escapeHtml } from './html.ts';

/**
 * An error page of the hosted UI: says what is wrong, offers no form and redirects nowhere (an
 * unknown client or an unregistered redirect URI must never lead off the domain). Send it with
 * `sendPage` (views/layout.ts) for the pages' security headers.
 */
export function renderErrorPage(input: { title?: string; message: string }): string {
  const title = input.title ?? 'Something went wrong';
  return renderLayout({
    title,
    heading: title,
    body: html`<p class="errorMessage-customizable" role="alert">${input.message}</p>`,
  });
}
