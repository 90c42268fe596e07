import type { CallwireHandler } from '@callwire/core';

/** A hidden form field's value in a page. */
export const hiddenField = (page: string, name: string): string | undefined => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1];

/** Resolves a page's relative links (`href`, `action`) to absolute paths, as a browser would. */
const resolveLinks = (text: string, url: string) =>
  text.replace(/\b(href|action)="([^"]*)"/g, (_, attribute: string, value: string) => {
    const resolved = new URL(value.replace(/&amp;/g, '&'), url);
    return `${attribute}="${`${resolved.pathname}${resolved.search}`.replace(/&/g, '&amp;')}"`;
  });

/**
 * A browser-like client of the console that calls the handler in-process: keeps the session cookie,
 * sends forms URL-encoded, never follows redirects (tests look at them), and resolves relative links
 * and redirects to absolute paths (`raw` keeps the page as sent).
 */
export function consoleClient(handler: CallwireHandler, origin = 'http://callwire.test', base = '/console') {
  let cookie: string | undefined;
  const send = async (path: string, init: { form?: Record<string, string>; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...(cookie ? { cookie } : {}), ...init.headers };
    const response = await handler(
      new Request(`${origin}${base}${path}`, init.form ? { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(init.form) } : { headers }),
    );
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0];
    const url = `${origin}${base}${path}`;
    const location = response.headers.get('location');
    const raw = await response.text();
    return { response, status: response.status, location: location === null ? null : resolveLinks(`href="${location}"`, url).slice(6, -1), text: resolveLinks(raw, url), raw };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => send(path, { headers }),
    post: (path: string, form: Record<string, string>) => send(path, { form }),
    /** Opens the login page and submits `secret` with the page's token. */
    async login(secret: string) {
      const page = await send('/login');
      return send('/login', { form: { login_token: hiddenField(page.text, 'login_token') ?? '', secret } });
    },
    /** The CSRF token a page's forms carry. */
    csrf: (page: string) => hiddenField(page, 'csrf'),
    get cookie() {
      return cookie;
    },
    set cookie(value: string | undefined) {
      cookie = value;
    },
  };
}
