/**
 * Finding 3 (secret length) of the hardening issue: any non-empty webhook, operator (and so console) secret was
 * accepted, so a short one could be guessed at thousands of tries a second. Secrets shorter than 32 characters
 * are now refused when the handler is built, with a message saying how to make one. Counted.
 */
import { describe, expect, it } from 'vitest';
import { createCallPipeline, createHandler } from '@callwire/core';
import { createMemoryStore, createSandbox } from '@callwire/core/testing';

describe('finding 3: secrets shorter than 32 characters are refused at construction', () => {
  it('webhook (also in a rotation list), operator and console secrets', async () => {
    const sandbox = await createSandbox();
    const calls = createCallPipeline({ store: createMemoryStore(), recordings: sandbox.recordings, transcriber: sandbox.transcriber, notifier: sandbox.notifier });
    const short = ['a', 'hunter2', 'operator-secret', 'x'.repeat(31), 'é'.repeat(31)];
    let refused = 0;
    for (const secret of short) {
      for (const auth of [{ webhookSecret: secret }, { webhookSecret: ['y'.repeat(40), secret] }, { operatorSecret: secret }]) {
        expect(() => createHandler({ pipelines: [calls], auth, console: 'operatorSecret' in auth }), JSON.stringify(auth)).toThrow(/at least 32 characters.*openssl rand/);
        refused++;
      }
    }
    expect(() => createHandler({ pipelines: [calls], auth: { webhookSecret: 'w'.repeat(32), operatorSecret: 'o'.repeat(32) }, console: true })).not.toThrow();
    console.log(`secrets: ${refused} short secrets tried, ${refused} refused at construction`);
    await sandbox.close();
  });
});
