import { html, type SafeHtml } from './html.ts';

// The pieces of the hosted pages. Every control has a visible label (its accessible name); the
// names are part of the interface (tests and screen readers use them), so each page has exactly
// one visible control per name.

let fieldIds = 0;

/** A labelled input. */
export function field(input: {
  label: string;
  name: string;
  type?: 'text' | 'email' | 'tel' | 'password' | 'number';
  autocomplete?: string;
  value?: string;
  required?: boolean;
  hint?: string;
  inputmode?: 'numeric' | 'email' | 'tel' | 'text';
  autofocus?: boolean;
}): SafeHtml {
  fieldIds = (fieldIds + 1) % 1_000_000;
  const id = `f-${input.name.replace(/[^A-Za-z0-9_-]/g, '-')}-${fieldIds}`;
  return html`<div class="field">
<label class="label-customizable" for="${id}">${input.label}</label>
<input class="inputField-customizable" id="${id}" name="${input.name}" type="${input.type ?? 'text'}"${input.autocomplete ? html` autocomplete="${input.autocomplete}"` : ''}${input.value !== undefined ? html` value="${input.value}"` : ''}${input.required === false ? '' : html` required`}${input.inputmode ? html` inputmode="${input.inputmode}"` : ''}${input.autofocus ? html` autofocus` : ''} autocapitalize="none" spellcheck="false">
${input.hint ? html`<span class="hint">${input.hint}</span>` : ''}
</div>`;
}

/** A hidden input (the CSRF token, a username the page was given). */
export function hidden(name: string, value: string): SafeHtml {
  return html`<input type="hidden" name="${name}" value="${value}">`;
}

/** The form's main button. */
export function submit(label: string, opts: { name?: string; value?: string } = {}): SafeHtml {
  return html`<button class="submitButton-customizable" type="submit"${opts.name ? html` name="${opts.name}" value="${opts.value ?? ''}"` : ''}>${label}</button>`;
}

/** A button that looks secondary (resend a code). */
export function secondary(label: string, opts: { name?: string; value?: string } = {}): SafeHtml {
  return html`<button class="secondary-button" type="submit"${opts.name ? html` name="${opts.name}" value="${opts.value ?? ''}"` : ''}>${label}</button>`;
}

/** A POST form to `action` (a path relative to the page, with the request's query). */
export function form(action: string, csrf: SafeHtml, ...children: SafeHtml[]): SafeHtml {
  return html`<form method="post" action="${action}" novalidate>${csrf}${children}</form>`;
}

/** The error of the last submit, announced to screen readers. */
export function errorMessage(message: string | undefined): SafeHtml | '' {
  return message ? html`<p class="errorMessage-customizable" role="alert">${message}</p>` : '';
}

/** A confirmation ("we sent a code"), announced politely. */
export function notice(message: string | undefined): SafeHtml | '' {
  return message ? html`<p class="notice" role="status">${message}</p>` : '';
}

/** A link to another page of the hosted UI. */
export function link(href: string, label: string): SafeHtml {
  return html`<a class="redirect-customizable" href="${href}">${label}</a>`;
}

/** The links under a form, one line each (`lead` is plain text before the link). */
export function links(...items: { lead?: string; link: SafeHtml }[]): SafeHtml {
  return html`<nav class="links" aria-label="More options">${items.map(
    (item) => html`<span>${item.lead ? `${item.lead} ` : ''}${item.link}</span>`,
  )}</nav>`;
}
