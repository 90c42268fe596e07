import { html, type SafeHtml } from '../appointment/html.js';
import type { JobError } from '../engine/types.js';

/** A status as a coloured, labelled badge (the text carries the meaning; colour only helps). */
export const badge = (status: string): SafeHtml => html`<span class="badge s-${status.replace(/[^a-z-]/g, '')}">${status}</span>`;

/** An instant as `2026-11-23 18:00:05 UTC` in a `<time>` element. */
export function when(value: number | string | undefined): SafeHtml | string {
  if (value === undefined) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const iso = date.toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC</time>`;
}

/** Milliseconds as `850 ms`, `2.4 s`, `3 min 5 s`. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A stored failure: its message, and which provider answered what. */
export function errorBox(error: JobError | undefined): SafeHtml | string {
  if (!error) return '';
  const details = [
    error.step ? `step ${error.step}` : undefined,
    error.provider ? `provider ${error.provider}` : undefined,
    error.providerStatus === undefined ? undefined : `HTTP ${error.providerStatus}`,
    error.code ? `code ${error.code}` : undefined,
    error.retryable === undefined ? undefined : error.retryable ? 'retryable' : 'permanent',
  ].filter(Boolean);
  return html`<div class="error" role="note"><strong>Error:</strong> ${error.message}${details.length > 0 ? html`<br><span class="muted">${details.join(' · ')}</span>` : ''}</div>`;
}

/** A `<dl>` of label → value pairs (rows whose value is `undefined` are left out). */
export function facts(rows: [string, unknown][]): SafeHtml {
  return html`<dl class="facts">${rows.filter(([, value]) => value !== undefined && value !== '').map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl>`;
}

/** A table cell: its content, and `num` for right-aligned numbers. */
export type Cell = unknown | { num: unknown };

/**
 * A table with a caption and column headers, in a scrolling wrapper; each cell carries its column's
 * name (`data-label`) so that on a phone every row shows as a labelled card. With `rowHeaders`, each
 * row's first cell is its header.
 */
export function table(caption: string, headers: string[], rows: Cell[][], empty: string, options: { rowHeaders?: boolean } = {}): SafeHtml {
  if (rows.length === 0) return html`<p class="card muted">${empty}</p>`;
  const cell = (value: Cell, index: number) => {
    const num = typeof value === 'object' && value !== null && 'num' in value;
    const content = num ? (value as { num: unknown }).num : value;
    if (index === 0 && options.rowHeaders) return html`<th scope="row" data-label="${headers[0]}">${content}</th>`;
    return html`<td data-label="${headers[index]}"${num ? html` class="num"` : ''}>${content}</td>`;
  };
  return html`<div class="table-wrap"><table class="stack"><caption>${caption}</caption><thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows.map((row) => html`<tr>${row.map(cell)}</tr>`)}</tbody></table></div>`;
}
