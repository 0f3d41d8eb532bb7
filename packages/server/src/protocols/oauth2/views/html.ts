/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** Markup that is already safe: `html` templates and trusted fragments (the QR code's SVG). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = SafeHtml | string | number | boolean | undefined | null | Part[];

function render(part: Part): string {
  if (part === undefined || part === null || part === false || part === true) return '';
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/**
 * A template of HTML whose interpolations are escaped (text and attribute values alike) unless
 * they are SafeHtml; arrays are joined, and `undefined`, `null` and booleans render as nothing.
 *
 * @example html`<p class="${cls}">${userText}</p>`
 */
export function html(strings: TemplateStringsArray, ...parts: Part[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < parts.length; i++) out += render(parts[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Trusts markup made by code (never by a request): an SVG the server drew. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
