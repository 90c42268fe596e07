import { html } from '../../appointment/html.js';
import { page, type PageFrame } from '../layout.js';

/** The login form: the operator pastes the secret; the form carries a signed token instead of a session's CSRF token. */
export function loginPage(frame: PageFrame, token: string, error?: string, status = 200): Response {
  const body = html`<div class="card login">
${error ? html`<p class="error" role="alert" id="login-error">${error}</p>` : ''}
<form method="post" action="${frame.base}/login">
<input type="hidden" name="login_token" value="${token}">
<label for="secret">Operator secret</label>
<input id="secret" name="secret" type="password" autocomplete="current-password" required${error ? html` aria-describedby="login-error" aria-invalid="true"` : ''} autofocus>
<p class="muted">The value of <code>auth.operatorSecret</code>. It is checked once; the browser keeps a signed session cookie, never the secret.</p>
<button type="submit">Log in</button>
</form></div>`;
  return page(frame, 'Log in', body, status);
}

/** Shown on every console page while no operator secret is configured. */
export function setupPage(frame: PageFrame): Response {
  const body = html`<div class="card"><p>The console needs an operator secret, and none is configured.</p>
<p>Set <code>auth.operatorSecret</code> where the handler is created, then reload this page and log in with it:</p>
<pre class="sk-pre"><code>createHandler({
  pipelines,
  auth: { operatorSecret: process.env.OPERATOR_SECRET },
  console: true,
});</code></pre>
<p class="muted">Use a long random value, e.g. the output of <code>openssl rand -base64 32</code>.</p></div>`;
  return page(frame, 'Set up the console', body, 403);
}

/** An error as a page (not found, conflict, refused CSRF token, …). */
export function errorPage(frame: PageFrame, status: number, heading: string, message: string): Response {
  const body = html`<p class="error" role="alert">${message}</p><p><a href="${frame.base}">Back to the console</a></p>`;
  return page(frame, heading, body, status);
}
