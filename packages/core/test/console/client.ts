import type { CallwireHandler } from '@callwire/core';

/** A hidden form field's value in a page. */
export const hiddenField = (page: string, name: string): string | undefined => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1];

/**
 * A browser-like client of the console that calls the handler in-process: keeps the session cookie,
 * sends forms URL-encoded, and never follows redirects (tests look at them).
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
    return { response, status: response.status, location: response.headers.get('location'), text: await response.text() };
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
