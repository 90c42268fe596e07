/** @callwire/core/twilio — SMS and WhatsApp confirmations with the `twilio` SDK. */
export { twilioSms } from '../providers/twilio/index.js';
export type { TwilioHttpClient, TwilioRequest, TwilioSmsOptions } from '../providers/twilio/index.js';
