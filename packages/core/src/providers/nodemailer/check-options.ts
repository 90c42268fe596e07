import * as z from 'zod';
import { kind } from '../../option-kinds.js';
import { parseOptions } from '../../options.js';

const certificate = z.union([z.string(), z.instanceof(Buffer)]);

function build() {
  return z
    .object({
      from: kind.text('must be a sender address, e.g. "Acme <desk@acme.com>"').pipe(z.string().regex(/@[^\s@>]+\.[^\s@>]+>?\s*$/, 'must be a sender address, e.g. "Acme <desk@acme.com>"')),
      url: kind.url(['smtp:', 'smtps:']).optional(),
      transport: kind.object('nodemailer Transporter or SMTP transport options').optional(),
      ca: z.union([certificate, z.array(certificate)], { error: 'must be a PEM certificate (string or Buffer) or a list of them' }).optional(),
      requireTLS: z.boolean({ error: 'must be true or false' }).optional(),
    })
    .superRefine((options, ctx) => {
      if (options.url === undefined && options.transport === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'or `transport` is required' });
      if (options.url !== undefined && options.transport !== undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'and `transport` cannot both be set' });
    });
}

let schema: ReturnType<typeof build> | undefined;

/** Checks every `smtpMailer` option at construction (a `TypeError` naming the first bad one). */
export const checkSmtpOptions = (options: unknown): void => void parseOptions((schema ??= build()), options, 'smtpMailer');
