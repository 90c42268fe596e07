import { sampleJson, samplePayloads } from '@callwire/core/testing';

/** The time the fixtures book (`callback_time`), 3 PM Pacific. */
export const fixtureSlot = '2026-11-24T15:00:00-08:00';

/**
 * The next weekday after `now` at 15:00 in `timeZone`, as ISO 8601 with that zone's offset on that
 * day (so the demo books a future slot whatever day it runs).
 */
export function nextWeekdayAt3pm(now: number, timeZone: string): string {
  const dayOf = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' }).formatToParts(ms);
  for (let days = 1; ; days++) {
    const parts = Object.fromEntries(dayOf(now + days * 86_400_000).map((p) => [p.type, p.value]));
    if (parts.weekday === 'Sat' || parts.weekday === 'Sun') continue;
    const date = `${parts.year}-${parts.month}-${parts.day}`;
    // The zone's offset at about that time (noon UTC-ish guesses are refined by the formatter).
    const guess = Date.parse(`${date}T15:00:00Z`);
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(guess).find((p) => p.type === 'timeZoneName')!.value;
    const offset = name === 'GMT' ? '+00:00' : name.slice(3);
    return `${date}T15:00:00${offset}`;
  }
}

/** The demo's five deliveries, with the booking moved to `slot`. */
export function demoDeliveries(slot: string) {
  const flat = sampleJson('appointmentFlat');
  flat.callback_time = slot;
  const postCall = samplePayloads.elevenLabsPostCall.body.replaceAll(fixtureSlot, slot);
  const zapier = samplePayloads.zapierCall.body;
  return [
    { label: 'Zapier call', file: 'zapier-call.json', path: '/webhook/zapier', type: 'application/json', body: zapier },
    { label: 'Exotel StatusCallback', file: 'exotel-status-callback.form', path: '/webhook/exotel', type: 'application/x-www-form-urlencoded', body: samplePayloads.exotelStatusCallback.body },
    { label: 'ElevenLabs tool call', file: 'appointment-flat.json', path: '/webhook', type: 'application/json', body: JSON.stringify(flat) },
    { label: 'ElevenLabs post-call (signed)', file: 'elevenlabs-post-call.json', path: '/webhook/elevenlabs', type: 'application/json', body: postCall, signed: true },
    { label: 'Zapier call, delivered again', file: 'zapier-call.json', path: '/webhook/zapier', type: 'application/json', body: zapier },
  ];
}
