import { escapeHtml, html, SafeHtml } from '../appointment/html.js';
import { mrkdwnToHtml } from './mrkdwn.js';

/** A Block Kit text object. */
interface TextObject {
  type?: unknown;
  text?: unknown;
  alt_text?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function text(object: unknown): SafeHtml {
  if (!isRecord(object)) return html``;
  const { type, text: content, alt_text: alt } = object as TextObject;
  if (type === 'image') return html`<span class="sk-image">[image${typeof alt === 'string' && alt ? `: ${alt}` : ''}]</span>`;
  if (typeof content !== 'string') return html``;
  if (type === 'mrkdwn') return mrkdwnToHtml(content);
  return new SafeHtml(escapeHtml(content).replace(/\n/g, '<br>'));
}

/** One block, drawn the way Slack lays it out; unknown block types show as a labelled placeholder. */
function block(value: unknown): SafeHtml {
  if (!isRecord(value)) return html``;
  switch (value.type) {
    case 'header':
      return html`<div class="sk-header">${text(value.text)}</div>`;
    case 'section': {
      const fields = Array.isArray(value.fields) ? html`<div class="sk-fields">${value.fields.map((field) => html`<div>${text(field)}</div>`)}</div>` : '';
      return html`<div class="sk-section">${text(value.text)}${fields}</div>`;
    }
    case 'context':
      return html`<div class="sk-context">${(Array.isArray(value.elements) ? value.elements : []).map((element) => html`<span>${text(element)}</span>`)}</div>`;
    case 'divider':
      return html`<hr class="sk-divider">`;
    default:
      return html`<div class="sk-unknown">[${String(value.type)} block]</div>`;
  }
}

/** A Slack message (Block Kit blocks, or its fallback text when it has none) drawn in HTML. */
export function renderSlackMessage(message: { text?: unknown; blocks?: unknown }, sender = 'callwire'): SafeHtml {
  const blocks = Array.isArray(message.blocks) ? message.blocks : [];
  const body = blocks.length > 0 ? blocks.map(block) : typeof message.text === 'string' ? [mrkdwnToHtml(message.text)] : [];
  return html`<div class="sk-message"><div class="sk-avatar" aria-hidden="true">${sender.slice(0, 1).toUpperCase()}</div><div class="sk-body"><div class="sk-sender"><strong>${sender}</strong> <span class="sk-app">APP</span></div>${body}</div></div>`;
}
