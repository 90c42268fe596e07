import { describe, expect, it } from 'vitest';
import { createAppointmentPipeline, type AppointmentPipelineOptions } from '@callwire/core';
import { createMemoryStore } from '@callwire/core/testing';

const base = (): AppointmentPipelineOptions => ({ store: createMemoryStore(), timeZone: 'America/Los_Angeles' });
const secret = 'wsec_0123456789abcdef0123456789abcdef';

describe('createAppointmentPipeline checks its options at construction', () => {
  it.each([
    ['timeZone', { timeZone: 'Mars/Base' }],
    ['store', { store: undefined }],
    ['name', { name: 'has spaces' }],
    ['businessHours.start', { businessHours: { start: '9am', end: '17:00' } }],
    ['businessHours.end', { businessHours: { start: '17:00', end: '09:00' } }],
    ['businessHours.days.0', { businessHours: { start: '09:00', end: '17:00', days: [7] } }],
    ['durationMinutes', { durationMinutes: 0 }],
    ['slotMinutes', { slotMinutes: Number.NaN }],
    ['minNoticeMinutes', { minNoticeMinutes: -5 }],
    ['reminderMinutes.1', { reminderMinutes: [30, -1] }],
    ['alternatives', { alternatives: 2.5 }],
    ['defaultRegion', { defaultRegion: 'usa' }],
    ['toolDeadlineMs', { toolDeadlineMs: 200_000 }],
    ['organizer.email', { organizer: { email: 'desk at acme' } }],
    ['businessName', { businessName: '  ' }],
    ['calendar', { calendar: 'google' }],
    ['elevenLabs.webhookSecret', { elevenLabs: { webhookSecret: '' } }],
    ['elevenLabs.toleranceSeconds', { elevenLabs: { webhookSecret: secret, toleranceSeconds: 0 } }],
    ['templates.sms', { templates: { sms: 'Hi!' } }],
    ['retry.maxAttempts', { retry: { maxAttempts: 0 } }],
    ['logger', { logger: { log: () => {} } }],
    ['clock', { clock: 1_700_000_000_000 }],
  ] as const)('a bad %s → TypeError naming it', (option, bad) => {
    const make = () => createAppointmentPipeline({ ...base(), ...(bad as unknown as Partial<AppointmentPipelineOptions>) });
    expect(make).toThrow(TypeError);
    expect(make).toThrow(new RegExp(`^createAppointmentPipeline: option \`${option.replaceAll('.', '\\.')}\` `));
  });

  it('accepts good values', () => {
    expect(() =>
      createAppointmentPipeline({
        ...base(),
        name: 'bookings',
        businessName: 'Acme Dental',
        organizer: { email: 'desk@acme.example', name: 'Acme Dental' },
        businessHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5, 6] },
        durationMinutes: 45,
        slotMinutes: 15,
        minNoticeMinutes: 0,
        reminderMinutes: [60],
        alternatives: 0,
        defaultRegion: 'IN',
        toolDeadlineMs: 8_000,
        elevenLabs: { webhookSecret: secret, toleranceSeconds: 600, dataCollectionIds: { time: 'slot' } },
        retry: { maxAttempts: 3 },
        logger: console,
        clock: Date.now,
      }),
    ).not.toThrow();
  });
});
