import { describe, expect, it } from 'vitest';
import { undocumentedOptions } from '../scripts/undocumented-options.js';

describe('TSDoc on every public option', () => {
  it('every property of every exported *Options type (and the object types they lead to) of every package entry has TSDoc', () => {
    const { checked, missing } = undocumentedOptions();
    // The walk reaches the options people write, through unions, intersections and nested objects.
    expect(checked).toEqual(expect.arrayContaining([
      'TwilioSmsOptions.from', 'TwilioSmsOptions.messagingServiceSid', 'SmtpMailerOptions.url', 'SmtpMailerOptions.transport',
      'AppointmentPipelineOptions.store', 'AppointmentPipelineOptions.retry', 'AppointmentPipelineOptions.logger', 'RetryPolicy.maxAttempts',
      'AppointmentPipelineOptions.elevenLabs.webhookSecret', 'BusinessHours.start', 'CallPipelineOptions.logger', 'HandlerOptions.auth',
      'SqliteStoreOptions.filename', 'PostgresStoreOptions.pool', 'HandlerOptions.pipelines',
    ]));
    expect(missing).toEqual([]);
  }, 120_000);
});
