// A browser without JavaScript, for the hosted pages' plain-HTTP tests: it keeps cookies, follows
// nothing by itself, and submits the page's forms with their hidden fields (the CSRF token).
import assert from 'node:assert/strict';

/** A response of the hosted UI, its body read. */
export interface PageResponse {
  status: number;
  location: string | null;
  headers: Headers;
  body: string;
  url: string;
}

/** Unescapes the HTML entities our pages write in attribute values. */
function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The forms of a page: action and hidden fields, in document order. */
export function formsOf(body: string): { action: string; hidden: Record<string, string> }[] {
  return [...body.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].map((m) => {
    const hidden: Record<string, string> = {};
    for (const h of m[2].matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
      hidden[unescapeHtml(h[1])] = unescapeHtml(h[2]);
    }
    return { action: unescapeHtml(m[1]), hidden };
  });
}

export class FormClient {
  readonly cookies = new Map<string, string>();

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (gone || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(url: string, init: RequestInit = {}): Promise<PageResponse> {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() },
    });
    this.keep(res);
    return {
      status: res.status,
      location: res.headers.get('location'),
      headers: res.headers,
      body: await res.text(),
      url,
    };
  }

  get(url: string): Promise<PageResponse> {
    return this.request(url);
  }

  /** Follows redirects within the hosted UI (relative or under `base`) until a page or the app. */
  async follow(res: PageResponse, base: string): Promise<PageResponse> {
    let current = res;
    for (let i = 0; i < 10 && current.status >= 300 && current.status < 400; i++) {
      const next = new URL(current.location as string, current.url).toString();
      if (!next.startsWith(base)) return current;
      current = await this.get(next);
    }
    return current;
  }

  /**
   * Submits form `index` of `page` with `fields` on top of its hidden fields (the CSRF token);
   * the action is resolved against the page's URL as a browser does.
   */
  submit(page: PageResponse, fields: Record<string, string>, index = 0): Promise<PageResponse> {
    const form = formsOf(page.body)[index];
    assert.ok(form, `the page has a form ${index}: ${page.body.slice(0, 400)}`);
    return this.request(new URL(form.action, page.url).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form.hidden, ...fields }).toString(),
    });
  }
}
