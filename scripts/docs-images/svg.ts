/** What both README pictures share: SVG text escaping and the font stacks. */

/** Escapes text for SVG content and attribute values. */
export const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Helvetica first (Arial and Liberation Sans share its advance widths), then the system's sans-serif. */
export const sansFont = `Helvetica, Arial, 'Liberation Sans', -apple-system, 'Segoe UI', sans-serif`;
/** Slack's code font stack. */
export const monoFont = `Monaco, Menlo, Consolas, 'Liberation Mono', 'DejaVu Sans Mono', monospace`;
