import { describe, expect, it } from 'vitest';
import { createCallPipeline, type CallPipelineOptions } from '@callwire/core';
import { createMemoryStore } from '@callwire/core/testing';

/** Ports that are never called: only the options are under test. */
const base = (): CallPipelineOptions => ({
  store: createMemoryStore(),
  recordings: { open: async () => { throw new Error('unused'); } },
  transcriber: { submit: async () => { throw new Error('unused'); }, wait: async () => { throw new Error('unused'); } },
  notifier: { post: async () => ({ parts: 1 }) },
});

describe('createCallPipeline checks its options at construction', () => {
  it.each([
    ['timeZone', { timeZone: 'Mars/Base' }],
    ['providerTimeZone', { providerTimeZone: 'Asia/Nowhere' }],
    ['recordingChannels', { recordingChannels: 3 }],
    ['agentChannel', { agentChannel: 0 }],
    ['speakersExpected', { speakersExpected: 0 }],
    ['completionWaitMs', { completionWaitMs: -1 }],
    ['retentionDays', { retentionDays: -5 }],
    ['defaultRegion', { defaultRegion: 'india' }],
    ['supportNumbers.1', { supportNumbers: ['09631084471', '12'] }],
    ['notifier', { notifier: undefined }],
    ['retry.baseDelayMs', { retry: { baseDelayMs: -1 } }],
    ['logger', { logger: 'pino' }],
    ['name', { name: '' }],
    ['history', { history: 42 }],
  ] as const)('a bad %s → TypeError naming it', (option, bad) => {
    expect(() => createCallPipeline({ ...base(), ...(bad as Partial<CallPipelineOptions>) })).toThrow(new RegExp(`createCallPipeline: option \`${option.replace('.', '\\.')}\``));
  });

  it('accepts good values', () => {
    expect(() => createCallPipeline({ ...base(), timeZone: 'Asia/Kolkata', providerTimeZone: 'Asia/Kolkata', recordingChannels: 2, agentChannel: 2, supportNumbers: ['+919631084471'], completionWaitMs: 0 })).not.toThrow();
  });
});
