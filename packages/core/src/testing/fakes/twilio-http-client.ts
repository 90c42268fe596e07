import type { TwilioHttpClient, TwilioRequest } from '../../providers/twilio/index.js';

function formOf(data: Record<string, unknown> | undefined): URLSearchParams {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(data ?? {})) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) form.append(key, String(item));
  }
  return form;
}

/**
 * An HTTP client for the `twilio` SDK that sends every request, over real HTTP, to `baseUrl` instead
 * of `api.twilio.com` (path, query, form body and Basic auth kept). Use it with a local fake.
 *
 * @example
 * ```ts
 * twilioSms({ accountSid, authToken, from, httpClient: twilioForwardingClient('http://127.0.0.1:4010') });
 * ```
 */
export function twilioForwardingClient(baseUrl: string): TwilioHttpClient {
  return {
    async request(options: TwilioRequest) {
      const original = new URL(options.uri);
      const target = new URL(original.pathname + original.search, baseUrl);
      for (const [key, value] of formOf(options.params)) target.searchParams.append(key, value);
      const headers: Record<string, string> = { ...options.headers };
      if (options.username !== undefined) headers.Authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
      const method = options.method.toUpperCase();
      const body = method === 'POST' || method === 'PUT' ? formOf(options.data).toString() : undefined;
      if (body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(target, { method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(options.timeout ?? 30_000) });
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, key) => (responseHeaders[key] = value));
      return { statusCode: response.status, body: await response.text(), headers: responseHeaders };
    },
  };
}
