import { cleanText } from '../text/clean.js';

/** HTML that is already safe to embed (built by {@link html}). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/**
 * Escapes text for HTML element content and quoted attributes, after {@link cleanText} (no control, bidi
 * or zero-width characters reach an e-mail or the console).
 *
 * @example
 * ```ts
 * escapeHtml('<script>alert(1)</script>'); // '&lt;script&gt;alert(1)&lt;/script&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return cleanText(text).replace(/[&<>"'`]/g, (char) => entities[char]!);
}

/**
 * A template tag that escapes every interpolated value, except nested `html` fragments. Use it in
 * custom e-mail templates so customer-supplied strings can never inject markup.
 *
 * @example
 * ```ts
 * html`<p>Hello ${customerName}</p>`.value; // customerName is escaped
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += renderValue(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

function renderValue(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}
