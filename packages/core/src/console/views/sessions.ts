import { html } from '../../appointment/html.js';
import type { ActiveSession } from '../sessions.js';
import type { ViewContext } from '../context.js';
import { table, when } from '../format.js';
import { page } from '../layout.js';

/** The active console sessions (created, last seen, client address; no token) and "Log out everywhere". */
export function sessionsPage(ctx: ViewContext, sessions: readonly ActiveSession[]): Response {
  const rows = sessions.map((s) => [
    html`${when(s.createdAt)}${s.current ? html` <span class="badge">this session</span>` : ''}`,
    when(s.lastSeenAt),
    s.ip ?? '—',
    when(s.expiresAt),
  ]);
  const body = html`${table('Active sessions', ['Logged in', 'Last seen', 'Client address', 'Expires'], rows, 'No active sessions.')}
<form method="post" action="${ctx.frame.base}/logout-all" class="actions">
<input type="hidden" name="csrf" value="${ctx.frame.csrf}">
<button type="submit" class="danger">Log out everywhere</button>
</form>
<p class="muted">Logging out ends this session on every server at once; a copied cookie stops working. Log out everywhere ends them all, this one included. A new operator secret ends them all too.</p>`;
  return page({ ...ctx.frame, section: 'sessions' }, 'Sessions', body);
}
