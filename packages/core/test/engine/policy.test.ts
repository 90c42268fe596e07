import { describe, expect, it } from 'vitest';
import { CallwireError, classifyError, createPipeline, defaultRetryPolicy, parseRetryAfter, redactText, retryDelay, type Logger } from '@callwire/core';
import { createMemoryStore } from '@callwire/core/testing';
import { createWorker } from '@callwire/core';

describe('retryDelay', () => {
  const policy = { ...defaultRetryPolicy, baseDelayMs: 1_000, maxDelayMs: 8_000, jitter: false };

  it('doubles per attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelay(policy, attempt))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });
  it('spreads delays between half and all of the backoff with jitter', () => {
    const jittered = { ...policy, jitter: true };
    expect(retryDelay(jittered, 3, undefined, () => 0)).toBe(2_000);
    expect(retryDelay(jittered, 3, undefined, () => 0.999999)).toBe(4_000);
  });
  it("honours a provider's Retry-After, within the policy's ceiling", () => {
    expect(retryDelay(policy, 1, 30_000)).toBe(30_000);
    expect(retryDelay({ ...policy, maxRetryAfterMs: 60_000 }, 1, 3_600_000)).toBe(60_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2_000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('classifyError', () => {
  it('retries 408, 429 and 5xx and reads Retry-After from SDK errors', () => {
    expect(classifyError({ status: 503, message: 'x' }).retryable).toBe(true);
    expect(classifyError(Object.assign(new Error('slow down'), { statusCode: 429, headers: { 'retry-after': '3' } }))).toMatchObject({
      retryable: true,
      retryAfterMs: 3_000,
      error: { providerStatus: 429 },
    });
    expect(classifyError({ response: { status: 408, headers: new Headers({ 'retry-after': '1' }) } })).toMatchObject({ retryable: true, retryAfterMs: 1_000 });
  });
  it('fails other 4xx at once', () => {
    expect(classifyError(Object.assign(new Error('bad'), { status: 400 }))).toMatchObject({ retryable: false, error: { code: 'provider_rejected' } });
    expect(classifyError(Object.assign(new Error('auth'), { status: 401 })).retryable).toBe(false);
  });
  it('retries network errors, also when wrapped (fetch failed → cause)', () => {
    const wrapped = new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) });
    expect(classifyError(wrapped)).toMatchObject({ retryable: true, error: { code: 'ECONNRESET' } });
  });
  it('follows CallwireError and never retries schema errors', () => {
    expect(classifyError(new CallwireError('invalid_payload', 'bad')).retryable).toBe(false);
    expect(classifyError(new CallwireError('provider_error', 'x', { retryable: false })).retryable).toBe(false);
    expect(classifyError(Object.assign(new Error('x'), { name: 'ZodError' })).retryable).toBe(false);
  });
});

describe('logging', () => {
  it('redacts phone numbers and e-mail addresses from text', () => {
    const text = redactText('Twilio 21211: +919876543210 is not valid; mail jordan.lee@example.com, call 09631 084471');
    expect(text).not.toMatch(/9876543210|jordan\.lee|631 084471/);
    expect(text).toContain('+••••••••••10');
    expect(text).toContain('j•••@example.com');
    expect(text).toContain('Twilio 21211'); // short codes are not phone numbers
  });

  it('mirrors pipeline events to the logger without inputs, and stores and logs errors redacted', async () => {
    const lines: Array<{ level: string; details: Record<string, unknown>; message?: string }> = [];
    const record = (level: string) => (details: object, message?: string) => lines.push({ level, details: details as Record<string, unknown>, message });
    const logger: Logger = { info: record('info'), warn: record('warn'), error: record('error'), debug: record('debug') };
    const pipeline = createPipeline({
      name: 'logged',
      store: createMemoryStore(),
      logger,
      retry: { maxAttempts: 1 },
      run: async (_input: { caller: string }, { step }) => {
        await step('sms', () => {
          throw new CallwireError('provider_rejected', 'The number +14155550123 is not a mobile number');
        });
      },
    });
    await pipeline.enqueue('call-1', { caller: '+14155550123' });
    await createWorker({ pipelines: [pipeline] }).drain();
    const all = JSON.stringify(lines);
    expect(all).not.toContain('4155550123');
    expect(lines.map((l) => `${l.level} ${String(l.details.event)}`)).toEqual([
      'info job.queued', 'debug job.started', 'warn step.failed', 'error job.dead',
    ]);
    const [job] = await pipeline.store.list();
    expect(job?.error?.message).toBe('The number +•••••••••23 is not a mobile number');
    expect(job?.steps.sms?.error?.message).toBe('The number +•••••••••23 is not a mobile number');
    expect(lines.at(-1)?.details).toMatchObject({ jobId: expect.any(String), key: 'call-1', error: { message: 'The number +•••••••••23 is not a mobile number' } });
  });
});
