/**
 * SMTP as submission servers really behave — STARTTLS and AUTH required, unknown recipients refused at
 * RCPT — through `smtpMailer()` and nodemailer against the real `smtp-server` fake.
 */
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { isCallwireError, type CallwireError } from '@callwire/core';
import { smtpMailer, type MailTransporter, type SmtpTransportOptions } from '@callwire/core/nodemailer';
import { startFakeSmtp, type FakeSmtp } from '@callwire/core/testing';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const start = async (options?: Parameters<typeof startFakeSmtp>[0]) => {
  const smtp = await startFakeSmtp(options);
  closers.push(smtp.close);
  return smtp;
};

const mail = (to = 'jordan.lee@example.com') => ({ to, subject: 'Your appointment', html: '<p>x</p>', text: 'x' });
const failure = async (promise: Promise<unknown>): Promise<CallwireError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isCallwireError(error)) throw new Error(`expected a CallwireError, got ${String(error)}`);
  return error;
};
const plainUrl = (smtp: FakeSmtp) => `smtp://127.0.0.1:${smtp.port}`;

describe('fake SMTP requires STARTTLS and AUTH', () => {
  it('delivers over STARTTLS, authenticated, when the mailer trusts the test CA', async () => {
    const smtp = await start();
    await smtpMailer({ url: smtp.url, ca: smtp.ca, from: 'Acme <desk@acme.test>' }).send(mail());
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.session).toEqual({ tls: true, user: 'callwire' });
  });

  it('refuses AUTH before STARTTLS (the password is never sent in clear); the failure is permanent', async () => {
    const smtp = await start();
    const mailer = smtpMailer({ transport: { host: '127.0.0.1', port: smtp.port, ignoreTLS: true, requireTLS: false, auth: { user: smtp.user, pass: smtp.password } }, from: 'a@acme.test' });
    const error = await failure(mailer.send(mail()));
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/STARTTLS/);
    expect(smtp.messages).toHaveLength(0);
  });

  it('refuses MAIL without AUTH (530), permanent', async () => {
    const smtp = await start();
    const error = await failure(smtpMailer({ url: plainUrl(smtp), ca: smtp.ca, from: 'a@acme.test' }).send(mail()));
    expect(error.retryable).toBe(false);
    expect(error.providerStatus).toBe(530);
    expect(smtp.messages).toHaveLength(0);
  });

  it('a wrong password is 535, permanent', async () => {
    const smtp = await start();
    const url = `smtp://${smtp.user}:wrong-password@127.0.0.1:${smtp.port}`;
    const error = await failure(smtpMailer({ url, ca: smtp.ca, from: 'a@acme.test' }).send(mail()));
    expect(error).toMatchObject({ code: 'provider_rejected', retryable: false, providerStatus: 535 });
    expect(error.message).not.toContain('wrong-password');
    expect(smtp.messages).toHaveLength(0);
  });

  it('verifies the server certificate: without the test CA nothing is sent', async () => {
    const smtp = await start();
    const error = await failure(smtpMailer({ url: smtp.url, from: 'a@acme.test' }).send(mail()));
    expect(error.message).toMatch(/certificate/i);
    expect(smtp.messages).toHaveLength(0);
  });
});

describe('recipients and reply codes', () => {
  it('an unknown recipient is refused at RCPT with 550, permanent; nothing is accepted for it', async () => {
    const smtp = await start();
    const mailer = smtpMailer({ url: smtp.url, ca: smtp.ca, from: 'a@acme.test' });
    const error = await failure(mailer.send(mail('unknown@example.com')));
    expect(error).toMatchObject({ code: 'provider_rejected', retryable: false, providerStatus: 550 });
    expect(error.message).toMatch(/550 5\.1\.1 .*Recipient address rejected: User unknown/);
    expect(error.message).not.toContain('unknown@example.com'); // addresses are redacted from errors (they reach logs)
    expect(smtp.messages).toHaveLength(0);
  });

  it('a configured list of mailboxes decides who exists', async () => {
    const smtp = await start({ mailboxes: ['Jordan.Lee@example.com'] });
    const mailer = smtpMailer({ url: smtp.url, ca: smtp.ca, from: 'a@acme.test' });
    await mailer.send(mail('jordan.lee@example.com'));
    expect((await failure(mailer.send(mail('someone@example.com')))).providerStatus).toBe(550);
    expect(smtp.messages.map((m) => m.envelope.to)).toEqual([['jordan.lee@example.com']]);
  });

  it('421 and 451 are transient (retried), 550 at DATA is permanent', async () => {
    const smtp = await start();
    const mailer = smtpMailer({ url: smtp.url, ca: smtp.ca, from: 'a@acme.test' });
    for (const [code, retryable] of [[421, true], [451, true], [550, false]] as const) {
      smtp.failNext(code);
      const error = await failure(mailer.send(mail()));
      expect({ code, retryable: error.retryable, status: error.providerStatus }).toEqual({ code, retryable, status: code });
    }
    await mailer.send(mail());
    expect(smtp.messages).toHaveLength(1);
  });
});

describe('smtpMailer() options', () => {
  it('are validated at construction, naming the option', () => {
    expect(() => smtpMailer({ url: 'smtp://h', from: ' ' })).toThrow(/smtpMailer: option `from`/);
    expect(() => smtpMailer({ url: 'https://mail.acme.test', from: 'a@acme.test' })).toThrow(/smtpMailer: option `url` must be a smtp:\/\/ or smtps:\/\/ URL/);
    const ready = nodemailer.createTransport({ jsonTransport: true });
    expect(() => smtpMailer({ transport: ready, ca: 'pem', from: 'a@acme.test' })).toThrow(/smtpMailer: option `ca` cannot change a ready Transporter/);
  });
  it('take nodemailer\'s own transporter and SMTP options, typed by our declarations (no @types/nodemailer for users)', async () => {
    const smtp = await start();
    const smtpOptions: SMTPTransport.Options = { host: '127.0.0.1', port: smtp.port, requireTLS: true, tls: { ca: smtp.ca }, auth: { user: smtp.user, pass: smtp.password } };
    const declared: SmtpTransportOptions = smtpOptions; // the type checker (`pnpm typecheck`) proves nodemailer's options fit ours
    await smtpMailer({ transport: declared, from: 'a@acme.test' }).send(mail());
    const ready: MailTransporter = nodemailer.createTransport(smtpOptions); // and nodemailer's transporter fits ours
    await smtpMailer({ transport: ready, from: 'a@acme.test' }).send(mail('sam@example.com'));
    expect(smtp.messages.map((message) => message.envelope.to)).toEqual([['jordan.lee@example.com'], ['sam@example.com']]);
  });
});
