/**
 * Finding 6 of the hardening issue: redaction missed IDN e-mail addresses, quoted local parts, and numbers
 * written with `/`, `·`, full-width digits or zero-width spaces. Each attack is redacted by `redactText`,
 * and a provider error body carrying them is stored in the job's error only redacted. Counted.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CallwireError, createPipeline, createWorker, redactText } from '@callwire/core';
import { createMemoryStore } from '@callwire/core/testing';

let tried = 0;
let redacted = 0;
afterAll(() => console.log(`redaction: ${tried} attacks tried, ${redacted} redacted`));

/** A number as written, and the digits (but the last two) that must not survive. */
const numbers: [string, string][] = [
  ['+919876543210', '98765432'],
  ['+91 98765/43210', '98765432'],
  ['+91·98765·43210', '98765432'],
  ['98765 · 43210', '98765432'],
  ['＋９１ ９８７６５ ４３２１０', '98765432'],
  ['+91 98765\u200B43210', '98765432'],
  ['+91\u200B9\u200B8\u200B7\u200B6\u200B5\u200B4\u200B3\u200B2\u200B1\u200B0', '98765432'],
  ['0 98765 43210', '98765432'],
  ['(415) 555-0100', '4155550'],
  ['+1 415 555 0100', '4155550'],
  ['+1/415/555/0100', '4155550'],
  ['tel:+442079460958', '2079460'],
  ['+44 20 7946 0958', '2079460'],
  ['whatsapp:+919631084471', '96310844'],
];
/** An address, and the part of its local part that must not survive. */
const emails: [string, string][] = [
  ['jordan.lee@example.com', 'ordan.lee'],
  ['jördan.lée@exämple.de', 'ördan.lée'],
  ['用户名@例子.广告', '户名'],
  ['"jordan lee"@example.com', 'jordan lee'],
  ['"j\\"o"@example.com', 'j\\"o'],
  ['jordan.lee@xn--exmple-cua.de', 'ordan.lee'],
  ['JORDAN.LEE@EXAMPLE.COM', 'ORDAN.LEE'],
  ['jordan.lee＠example.com', 'ordan.lee'],
  ['jordan+tag@mail.example.co.in', 'ordan+tag'],
  ['jordan.lee@[192.0.2.1]', 'ordan.lee'],
];

const digitsOf = (text: string) => text.normalize('NFKC').replace(/\D/g, '');

describe('finding 6: redaction', () => {
  it('masks phone numbers however they are written (parsed from normalised text)', () => {
    for (const [number, secret] of numbers) {
      tried++;
      const text = redactText(`Twilio 21211: The 'To' number ${number} is not a valid phone number.`);
      expect(digitsOf(text), `${number} → ${text}`).not.toContain(secret);
      expect(text).toContain('Twilio 21211');
      redacted++;
    }
  });

  it('masks e-mail addresses with IDN domains, Unicode and quoted local parts', () => {
    for (const [email, secret] of emails) {
      tried++;
      const text = redactText(`550 5.1.1 <${email}>: Recipient address rejected`);
      expect(text, `${email} → ${text}`).not.toContain(secret);
      expect(text).toContain('Recipient address rejected');
      redacted++;
    }
  });

  it('a provider error body is kept in the stored error only after redaction', async () => {
    const store = createMemoryStore();
    const body = JSON.stringify({ code: 21211, message: `The 'To' number +91·98765·43210 is not valid`, more: 'mail "jordan lee"@exämple.de or jördan@exämple.de, ＋９１９８７６５４３２１０' });
    const pipeline = createPipeline({
      name: 'provider',
      store,
      retry: { maxAttempts: 1 },
      run: async (_input, ctx) => ctx.step('send', async () => {
        throw new CallwireError('provider_rejected', `Twilio answered 400: ${body}`, { provider: 'twilio', providerStatus: 400 });
      }),
    });
    const { job } = await pipeline.enqueue('k1', {});
    await createWorker({ pipelines: [pipeline] }).drain();
    const stored = await store.get(job.id);
    tried++;
    expect(stored?.status).toBe('dead');
    const message = stored!.error!.message;
    expect(message).toContain('Twilio answered 400');
    expect(digitsOf(message)).not.toContain('98765432');
    expect(message).not.toMatch(/jordan lee|jördan/);
    redacted++;
    await store.close();
  });
});
