import type { AddressInfo } from 'node:net';
import { decodeHeader, leafParts, parseMime, type MimePart } from './smtp-mime.js';

/** A message the fake SMTP server received, decoded. */
export interface CapturedMail {
  envelope: { from: string | undefined; to: string[] };
  raw: string;
  subject: string;
  headers: Record<string, string>;
  text: string | undefined;
  html: string | undefined;
  /** `text/calendar` parts (the `.ics` invitation), with their `method` parameter. */
  calendars: { method: string | undefined; content: string; filename: string | undefined }[];
  parts: MimePart[];
}

/** A running fake SMTP server. */
export interface FakeSmtp {
  port: number;
  /** `smtp://127.0.0.1:<port>` (no TLS, no auth), for `smtpMailer({ url })`. */
  url: string;
  messages: CapturedMail[];
  /** The next `count` messages are refused with this SMTP reply code (e.g. 451 transient, 550 permanent). */
  failNext(code: number, count?: number): void;
  close(): Promise<void>;
}

function capture(raw: string, envelope: CapturedMail['envelope']): CapturedMail {
  const root = parseMime(raw);
  const leaves = leafParts(root);
  const first = (type: string) => leaves.find((part) => part.contentType === type && !/attachment/i.test(part.headers['content-disposition'] ?? ''))?.body;
  const filename = (part: MimePart) => /filename="?([^";]+)"?/i.exec(part.headers['content-disposition'] ?? '')?.[1] ?? part.params.name;
  return {
    envelope,
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

/**
 * Starts a real SMTP server (`smtp-server`) on 127.0.0.1 that accepts every message without auth
 * and keeps it, decoded, for inspection.
 *
 * @example
 * ```ts
 * const smtp = await startFakeSmtp();
 * const mailer = smtpMailer({ url: smtp.url, from: 'Acme <desk@acme.test>' });
 * ```
 */
export async function startFakeSmtp(): Promise<FakeSmtp> {
  const messages: CapturedMail[] = [];
  const failures: number[] = [];
  // Loaded here, not at import: `@callwire/core/testing` must load without the optional `smtp-server`.
  const { SMTPServer } = await import('smtp-server');
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
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
        messages.push(
          capture(Buffer.concat(chunks).toString('utf8'), {
            from: mailFrom ? mailFrom.address : undefined,
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          }),
        );
        callback();
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
    url: `smtp://127.0.0.1:${port}`,
    messages,
    failNext: (code, count = 1) => {
      for (let i = 0; i < count; i++) failures.push(code);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
