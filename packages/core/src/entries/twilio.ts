/** @callwire/core/twilio — SMS and WhatsApp confirmations with the `twilio` SDK, and their delivery status callbacks. */
export { twilioSms } from '../providers/twilio/index.js';
export type { TwilioHttpClient, TwilioRequest, TwilioSmsOptions, WhatsAppTemplate, WhatsAppTemplates } from '../providers/twilio/index.js';
export { statusCallbackPath } from '../providers/twilio/status-callback.js';
