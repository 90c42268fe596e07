import type { FieldPaths, RawBooking } from '../../src/appointment/validate.js';

/** Bookings good and bad, each with where its fields were found, for the validation golden file. */
export const bookingCases: { name: string; raw: RawBooking; paths: FieldPaths }[] = [];
const flat = (name: string, raw: RawBooking) => bookingCases.push({ name, raw, paths: Object.fromEntries(Object.keys(raw).map((k) => [k, k])) });
const wrapped = (name: string, raw: RawBooking) => bookingCases.push({ name, raw, paths: Object.fromEntries(Object.keys(raw).map((k) => [k, `parameters.${k}`])) });
const ok = { caller: '+14155550123', callback_time: '2026-12-01T10:00:00-08:00' };

flat('empty', {});
wrapped('empty, wrapped', {});
flat('wrong types everywhere', { caller: 14155550123, callback_time: 42, email: 7, timezone: 'Mars/Base', customer_name: 5, summary: {}, intent: [], transcript: true, conversation_id: 'bad\u0000id' });
wrapped('bad values', { caller: '+1415', email: 'not-an-email', callback_time: 'tomorrow' });
flat('blank', { caller: '  ', callback_time: ' ', email: '', timezone: '', customer_name: '', conversation_id: '  ' });
flat('too long', { ...ok, customer_name: 'x'.repeat(201), summary: 'y'.repeat(4_001), intent: 'z'.repeat(201), transcript: 't'.repeat(200_001) });
flat('just long enough', { ...ok, customer_name: ` ${'x'.repeat(200)} `, summary: 'y'.repeat(4_000), intent: 'z'.repeat(200) });
flat('e-mails 1', { ...ok, email: 'a@b.c' });
flat('e-mails 2', { ...ok, email: 'sam@example.com\u202e' });
flat('e-mails 3', { ...ok, email: `${'a'.repeat(250)}@example.com` });
flat('e-mails 4', { ...ok, email: '  sam.rivera@example.com ' });
flat('past', { ...ok, callback_time: '2026-11-20T10:00:00-08:00' });
flat('weekend', { ...ok, callback_time: '2026-12-05T10:00:00-08:00' });
flat('after hours', { ...ok, callback_time: '2026-12-01T16:45' });
flat('short notice', { ...ok, callback_time: '2026-11-30T09:30:00-08:00' });
flat('impossible date', { ...ok, callback_time: '2026-02-30T10:00' });
flat('national number', { ...ok, caller: '(415) 555-0123' });
flat('valid with everything', {
  caller: '+1 415 555 0123', callback_time: '2026-12-01T13:00', email: 'sam@example.com', timezone: 'America/New_York',
  customer_name: ' Sam\u0007 Rivera\n', summary: 'Line one\nLine two\u200b', intent: 'callback_request', transcript: 'Agent: hi\nCaller: hello', conversation_id: ' conv_1 ',
});
flat('conversation ids ignored', { ...ok, conversation_id: 123 });
flat('conversation id too long', { ...ok, conversation_id: 'c'.repeat(300) });
flat('null fields', { ...ok, email: null, timezone: null, customer_name: null, summary: null });
