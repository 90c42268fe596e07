import { consoleCss } from './styles.js';
import { html, type SafeHtml } from '../appointment/html.js';
import { nodeCrypto } from '../node-builtins.js';

/** Sections of the console's navigation. */
export type Section = 'jobs' | 'calls' | 'appointments' | 'sessions';

/** What every page needs to draw its frame. */
export interface PageFrame {
  title: string;
  /** The console's URL path, e.g. `/callwire/console`. */
  base: string;
  /** The CSRF token, when logged in (draws the navigation and the log-out button). */
  csrf?: string;
  /** Which navigation entry is current. */
  section?: Section;
}

let hashedCssPath: string | undefined;
/** The stylesheet's path below the console, with a content hash so it can be cached for good (hashed on first use, not on import). */
export const cssPath = (): string => (hashedCssPath ??= `/console.${nodeCrypto().createHash('sha256').update(consoleCss).digest('hex').slice(0, 12)}.css`);

/** No script at all, styles from this origin only, forms to this origin only, never framed. */
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Headers of every console page. */
export const pageHeaders = (): Record<string, string> => ({
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
});

const sections: [Section, string][] = [
  ['jobs', 'Jobs'],
  ['calls', 'Calls'],
  ['appointments', 'Appointments'],
  ['sessions', 'Sessions'],
];

/** A whole HTML page: skip link, header with navigation, and `main`. */
export function page(frame: PageFrame, heading: string, body: SafeHtml, status = 200, headers: Record<string, string> = {}): Response {
  const nav = frame.csrf
    ? html`<nav aria-label="Console"><ul>${sections.map(([id, label]) => html`<li><a href="${frame.base}/${id}"${frame.section === id ? html` aria-current="page"` : ''}>${label}</a></li>`)}</ul></nav>
<form method="post" action="${frame.base}/logout"><input type="hidden" name="csrf" value="${frame.csrf}"><button type="submit">Log out</button></form>`
    : '';
  const document = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${heading} · ${frame.title}</title>
<link rel="stylesheet" href="${frame.base}${cssPath()}">
<link rel="icon" href="${frame.base}/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="${frame.base}">${frame.title}</a>${nav}</header>
<main id="main" tabindex="-1">
<h1>${heading}</h1>
${body}
</main>
</body>
</html>`;
  return new Response(document.value, { status, headers: { ...pageHeaders(), ...headers } });
}

/** A 303 redirect (after a POST, or to the login page). */
export function redirect(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store', ...headers } });
}
