/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/**
 * An error page of the hosted UI: says what is wrong, offers no form and redirects nowhere (an
 * unknown client or an unregistered redirect URI must never lead off the domain).
 */
export function renderErrorPage(input: { title?: string; message: string }): string {
  const title = escapeHtml(input.title ?? 'Something went wrong');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1><p role="alert">${escapeHtml(input.message)}</p></main></body></html>`;
}
