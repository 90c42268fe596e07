import type { NotificationContext } from '../../appointment/templates.js';
import { CallwireError } from '../../errors.js';
import { optionError } from '../../options.js';

/** Twilio's page on the 24-hour rule and templates (error 63016). */
export const whatsappWindowDoc = 'https://www.twilio.com/docs/api/errors/63016';

/** An approved WhatsApp template (Twilio Content API) and how to fill its variables. */
export interface WhatsAppTemplate {
  /** The template's Content SID: `HX` and 32 hex digits (Console → Messaging → Content Template Builder). */
  contentSid: string;
  /**
   * The template's variables from the notification, keyed by placeholder (`{{1}}` → `1`). Twilio refuses
   * empty values and values with line breaks or tabs (error 21656); callwire folds whitespace to single
   * spaces and refuses a variable that ends up empty.
   */
  variables: (notification: NotificationContext) => Record<string, string>;
}

/** One approved template per notification the appointment pipeline sends. */
export type WhatsAppTemplates = Record<NotificationContext['kind'], WhatsAppTemplate>;

const kinds: readonly NotificationContext['kind'][] = ['booked', 'rescheduled', 'cancelled'];

/** Checks `whatsappTemplates` at construction; throws a `TypeError` naming the part that is wrong. */
export function checkTemplates(templates: WhatsAppTemplates): void {
  for (const kind of kinds) {
    const template = templates[kind] as WhatsAppTemplate | undefined;
    if (!template) throw optionError('twilioSms', `whatsappTemplates.${kind}`, `is missing; the appointment pipeline sends ${kinds.join(', ')} messages`);
    if (typeof template.contentSid !== 'string' || !/^HX[0-9a-fA-F]{32}$/.test(template.contentSid)) {
      throw optionError('twilioSms', `whatsappTemplates.${kind}.contentSid`, 'must be a Content SID (HX followed by 32 hex digits)');
    }
    if (typeof template.variables !== 'function') throw optionError('twilioSms', `whatsappTemplates.${kind}.variables`, 'must be a function of the notification');
  }
}

/** Folds control characters and whitespace runs to single spaces (Twilio 21656 refuses newlines, tabs and long runs of spaces). */
const fold = (value: string): string => value.replace(/[\p{Cc}\s]+/gu, ' ').trim();

/**
 * The `contentSid` and `contentVariables` (a JSON string) of a template message. Throws a permanent
 * `CallwireError` when the notification is missing or a variable is empty.
 */
export function templateParams(templates: WhatsAppTemplates, notification: NotificationContext | undefined): { contentSid: string; contentVariables: string } {
  if (!notification) {
    throw new CallwireError('provider_rejected', 'A WhatsApp template message needs the notification to fill its variables (send(to, body, { notification })).', { provider: 'twilio', retryable: false });
  }
  const template = templates[notification.kind];
  const variables: Record<string, string> = {};
  for (const [key, raw] of Object.entries(template.variables(notification))) {
    const value = fold(String(raw ?? ''));
    if (value === '') {
      throw new CallwireError('provider_rejected', `WhatsApp template variable {{${key}}} of the ${notification.kind} message is empty; Twilio refuses empty variables (error 21656).`, { provider: 'twilio', retryable: false });
    }
    variables[key] = value;
  }
  return { contentSid: template.contentSid, contentVariables: JSON.stringify(variables) };
}
