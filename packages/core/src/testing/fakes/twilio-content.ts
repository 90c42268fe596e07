/** An approved Content template in the fake: its text with `{{1}}`-style placeholders, and optional defaults. */
export interface ContentTemplate {
  body: string;
  /** Values Twilio uses for placeholders the message leaves out. */
  defaults?: Record<string, string>;
}

/** What a create request's content resolves to: the text sent, or Twilio's error. */
export type ContentCheck = { body: string } | { code: number; message: string };

const placeholders = (body: string): string[] => [...body.matchAll(/\{\{\s*([^{}\s]+)\s*\}\}/g)].map((match) => match[1]!);

/**
 * The content of a create request, checked as Twilio checks it:
 * - `ContentVariables` without `ContentSid` → 21654 (https://www.twilio.com/docs/api/errors/21654);
 * - a `ContentSid` that is not `HX` + 32 hex digits or not a template of the account → 21655
 *   (https://www.twilio.com/docs/api/errors/21655);
 * - `ContentVariables` that is not a JSON object, or a value that is not a string, is empty, or holds a
 *   newline, a tab or more than four consecutive spaces, or a placeholder with neither a value nor a
 *   default → 21656 (https://www.twilio.com/docs/api/errors/21656);
 * - without `ContentSid`, `Body` is required → 21602 (Message resource: "Body … required if MediaUrl
 *   or ContentSid is not passed").
 */
export function checkContent(form: URLSearchParams, templates: ReadonlyMap<string, ContentTemplate>): ContentCheck {
  const sid = form.get('ContentSid');
  const variablesText = form.get('ContentVariables');
  if (!sid) {
    if (variablesText !== null) return { code: 21654, message: 'ContentSid Required' };
    const body = form.get('Body');
    return body ? { body } : { code: 21602, message: 'Message body is required.' };
  }
  const template = /^HX[0-9a-fA-F]{32}$/.test(sid) ? templates.get(sid) : undefined;
  if (!template) return { code: 21655, message: 'The ContentSid is Invalid' };
  let variables: unknown = {};
  if (variablesText !== null) {
    try {
      variables = JSON.parse(variablesText);
    } catch {
      return { code: 21656, message: 'The ContentVariables Parameter is invalid' };
    }
  }
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) return { code: 21656, message: 'The ContentVariables Parameter is invalid' };
  const values = { ...template.defaults, ...(variables as Record<string, unknown>) };
  for (const value of Object.values(variables as Record<string, unknown>)) {
    if (typeof value !== 'string' || value.trim() === '' || /[\n\t]| {5,}/.test(value)) return { code: 21656, message: 'The ContentVariables Parameter is invalid' };
  }
  for (const name of placeholders(template.body)) {
    if (typeof values[name] !== 'string') return { code: 21656, message: 'The ContentVariables Parameter is invalid' };
  }
  return { body: template.body.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (_, name: string) => values[name] as string) };
}
