import type { AddressInfo } from 'node:net';
import { decodeHeader, leafParts, parseMime, type MimePart } from './smtp-mime.js';
import { fakeSmtpCertificate, fakeSmtpPrivateKey } from './smtp-tls.js';

/** A message the fake SMTP server received, decoded. */
export interface CapturedMail {
  envelope: { from: string | undefined; to: string[] };
  /** How the client connected: whether STARTTLS was in force, and the user it authenticated as. */
  session: { tls: boolean; user: string | undefined };
  raw: string;
  subject: string;
  headers: Record<string, string>;
  text: string | undefined;
  html: string | undefined;
  /** `text/calendar` parts (the `.ics` invitation), with their `method` parameter. */
  calendars: { method: string | undefined; content: string; filename: string | undefined }[];
  parts: MimePart[];
}

/** Options of {@link startFakeSmtp}. */
export interface FakeSmtpOptions {
  /** The user AUTH accepts (default `callwire`). */
  user?: string | undefined;
  /** Its password (default `callwire-test-password`). */
  password?: string | undefined;
  /**
   * Which recipients exist, checked at `RCPT TO`: a list of addresses (case-insensitive) or a test.
   * Default: every address except those whose local part is `unknown` (e.g. `unknown@example.com`).
   */
  mailboxes?: readonly string[] | ((address: string) => boolean) | undefined;
}

/** A running fake SMTP server: STARTTLS and AUTH required, unknown recipients refused at `RCPT`. */
export interface FakeSmtp {
  port: number;
  /** `smtp://<user>:<password>@127.0.0.1:<port>`, for `smtpMailer({ url, ca })`. */
  url: string;
  /** The server's certificate (PEM): the CA a client must trust, e.g. `smtpMailer({ url, ca: smtp.ca })`. */
  ca: string;
  user: string;
  password: string;
  messages: CapturedMail[];
  /** The next `count` messages are refused with this SMTP reply code (e.g. 451 transient, 550 permanent). */
  failNext(code: number, count?: number): void;
  /**
   * Runs `hook` once a message is accepted (kept in {@link FakeSmtp.messages}) and before the `250` that ends DATA is
   * sent (`undefined` removes it): crash tests kill the sender there, between the server's acceptance and the step record.
   */
  beforeAnswering(hook: ((mail: CapturedMail) => void | Promise<void>) | undefined): void;
  close(): Promise<void>;
}

function capture(raw: string, envelope: CapturedMail['envelope'], session: CapturedMail['session']): CapturedMail {
  const root = parseMime(raw);
  const leaves = leafParts(root);
  const first = (type: string) => leaves.find((part) => part.contentType === type && !/attachment/i.test(part.headers['content-disposition'] ?? ''))?.body;
  const filename = (part: MimePart) => /filename="?([^";]+)"?/i.exec(part.headers['content-disposition'] ?? '')?.[1] ?? part.params.name;
  return {
    envelope,
    session,
    raw,
    subject: decodeHeader(root.headers.subject ?? ''),
    headers: root.headers,
    text: first('text/plain'),
    html: first('text/html'),
    calendars: leaves
      .filter((part) => part.contentType === 'text/calendar' || part.contentType === 'application/ics')
      .map((part) => ({ method: part.params.method, content: part.body, filename: filename(part) })),
    parts: leaves,
  };
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

function mailboxTest(mailboxes: FakeSmtpOptions['mailboxes']): (address: string) => boolean {
  if (typeof mailboxes === 'function') return mailboxes;
  if (mailboxes) {
    const known = new Set(mailboxes.map((address) => address.toLowerCase()));
    return (address) => known.has(address.toLowerCase());
  }
  return (address) => address.split('@')[0]?.toLowerCase() !== 'unknown';
}

/**
 * Starts a real SMTP server (`smtp-server`) on 127.0.0.1 that behaves like a submission server and
 * keeps each message, decoded, for inspection:
 *
 * - **STARTTLS first** (RFC 3207 §4): AUTH before STARTTLS is refused (538, "Must issue a STARTTLS command
 *   first"), and MAIL before AUTH is refused (530 5.7.0, "Authentication required", RFC 4954 §6). The
 *   certificate is {@link FakeSmtp.ca}, a test-only self-signed one the client must be told to trust.
 * - **AUTH** PLAIN or LOGIN with the configured user and password; anything else is 535 5.7.8
 *   ("Authentication credentials invalid", RFC 4954 §6).
 * - **Unknown recipients** are refused at `RCPT TO` with 550 5.1.1 (RFC 5321 §4.2.2 / §3.3: "mailbox
 *   unavailable"), so the message is never accepted for them.
 * - `failNext(code)` refuses the next messages at the end of DATA with that reply (4xx transient, 5xx permanent,
 *   RFC 5321 §4.2.1).
 *
 * @example
 * ```ts
 * const smtp = await startFakeSmtp();
 * const mailer = smtpMailer({ url: smtp.url, ca: smtp.ca, from: 'Acme <desk@acme.test>' });
 * ```
 */
export async function startFakeSmtp(options: FakeSmtpOptions = {}): Promise<FakeSmtp> {
  const messages: CapturedMail[] = [];
  const failures: number[] = [];
  let beforeAnswer: ((mail: CapturedMail) => void | Promise<void>) | undefined;
  const user = options.user ?? 'callwire';
  const password = options.password ?? 'callwire-test-password';
  const exists = mailboxTest(options.mailboxes);
  // Loaded here, not at import: `@callwire/core/testing` must load without the optional `smtp-server`.
  const { SMTPServer } = await import('smtp-server');
  const server = new SMTPServer({
    secure: false,
    key: fakeSmtpPrivateKey,
    cert: fakeSmtpCertificate,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: false,
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) return callback(null, { user });
      return callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
    },
    onMailFrom(_address, session, callback) {
      if (!session.secure) return callback(smtpError(530, '5.7.0 Must issue a STARTTLS command first'));
      return callback();
    },
    onRcptTo(address, _session, callback) {
      if (!exists(address.address)) return callback(smtpError(550, `5.1.1 <${address.address}>: Recipient address rejected: User unknown`));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const failure = failures.shift();
        if (failure) {
          const error = Object.assign(new Error(`Injected ${failure}`), { responseCode: failure });
          callback(error);
          return;
        }
        const mailFrom = session.envelope.mailFrom;
        const mail = capture(Buffer.concat(chunks).toString('utf8'), {
          from: mailFrom ? mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        }, { tls: session.secure, user: typeof session.user === 'string' ? session.user : undefined });
        messages.push(mail);
        void Promise.resolve(beforeAnswer?.(mail)).finally(() => callback());
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    ca: fakeSmtpCertificate,
    user,
    password,
    messages,
    failNext: (code, count = 1) => {
      for (let i = 0; i < count; i++) failures.push(code);
    },
    beforeAnswering(hook) {
      beforeAnswer = hook;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
