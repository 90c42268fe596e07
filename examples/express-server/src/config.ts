import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AgentEntry, BusinessHours } from '@callwire/core';

/** The environment, as a plain record (`process.env` in production; the demo and tests pass their own). */
export type Env = Record<string, string | undefined>;

/** Everything the server reads from its environment, parsed and defaulted. See `.env.example`. */
export interface ServerConfig {
  port: number;
  /** The interface to listen on (`HOST`, default `127.0.0.1`: only this machine). */
  host: string;
  /** `ALLOW_OPEN_WEBHOOKS=1`: start with real providers and no `WEBHOOK_SECRET` anyway. */
  allowOpenWebhooks: boolean;
  databaseFile: string;
  webhookSecret?: string;
  operatorSecret?: string;
  calls: {
    exotel?: { apiKey: string; apiToken: string; accountSid?: string };
    assemblyAIKey?: string;
    slack?: { url: string; routes: Record<string, string> };
    supportNumbers: string[];
    agents: AgentEntry[];
    timeZone: string;
    missedCallRoute?: string;
  };
  appointments: {
    timeZone: string;
    /** The business's name in texts, e-mails and invitations (`BUSINESS_NAME`; default: the display name of `SMTP_FROM`). */
    businessName?: string;
    /**
     * Who confirmations come from and who organizes the invitations (`SMTP_FROM`, `Name <address>`): a domain
     * you send from. Unset in the sandbox: its own local sender.
     */
    sender?: Mailbox;
    businessHours: BusinessHours;
    google?: { credentials: string; calendarId: string };
    /** `publicUrl`: where Twilio reaches this server, for delivery status callbacks (`PUBLIC_URL`). */
    twilio?: { accountSid: string; authToken: string; from: string; publicUrl?: string };
    smtp?: { url: string; from: string; ca?: string };
    elevenLabsSecret?: string;
  };
}

/** An e-mail address with an optional display name. */
export interface Mailbox {
  email: string;
  name?: string;
}

/** Reads `address` or `Name <address>` (`SMTP_FROM`); throws naming `variable` otherwise. */
export function parseMailbox(raw: string, variable: string): Mailbox {
  const bare = /^[^\s<>@"]+@[^\s<>@"]+\.[^\s<>@"]+$/;
  const named = /^\s*"?([^"<>]*?)"?\s*<([^<>\s]+)>\s*$/.exec(raw);
  const email = named ? named[2]! : raw.trim();
  if (!bare.test(email)) throw new Error(`${variable} must be an e-mail address or "Name <address>" (got "${raw}").`);
  const name = named?.[1]?.trim();
  return name ? { email, name } : { email };
}

const value = (env: Env, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
};

/** All of `names` set → their values; none set → undefined; some set → an error naming the missing ones. */
function group<const N extends string>(env: Env, label: string, names: readonly N[]): Record<N, string> | undefined {
  const found = names.map((name) => [name, value(env, name)] as const);
  const missing = found.filter(([, v]) => v === undefined).map(([name]) => name);
  if (missing.length === names.length) return undefined;
  if (missing.length > 0) throw new Error(`${label}: set ${missing.join(', ')} too (or none of ${names.join(', ')} to use the sandbox).`);
  return Object.fromEntries(found) as Record<N, string>;
}

function json<T>(env: Env, name: string, fallback: T): T {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new Error(`${name} must be JSON.`);
  }
}

function businessHours(raw = '09:00-17:00'): BusinessHours {
  const match = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(raw);
  if (!match) throw new Error(`BUSINESS_HOURS must look like 09:00-17:00 (got "${raw}").`);
  return { start: match[1]!, end: match[2]! };
}

/** SMTP: the URL, the sender (`SMTP_FROM`, required with it), and an extra CA to trust (`SMTP_CA_FILE`, PEM) for a relay with a private certificate. */
function smtpConfig(env: Env, url: string, cwd: string): { url: string; from: string; ca?: string } {
  const from = value(env, 'SMTP_FROM');
  if (!from) throw new Error('SMTP_URL is set: set SMTP_FROM too, the sender of confirmations and organizer of invitations (an address on a domain you send from, e.g. "Acme Dental <desk@acme-dental.com>").');
  const caFile = value(env, 'SMTP_CA_FILE');
  return { url, from, ...(caFile ? { ca: readFileSync(resolve(cwd, caFile), 'utf8') } : {}) };
}

/**
 * Reads the server's configuration from `env`; relative paths are resolved against `cwd`.
 * Throws with a message naming the variable when something is half-configured or malformed.
 */
export function readConfig(env: Env, cwd = process.cwd()): ServerConfig {
  const exotel = group(env, 'Exotel', ['EXOTEL_API_KEY', 'EXOTEL_API_TOKEN']);
  const twilio = group(env, 'Twilio', ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM']);
  const google = group(env, 'Google Calendar', ['GOOGLE_SERVICE_ACCOUNT', 'GOOGLE_CALENDAR_ID']);
  const agentsFile = value(env, 'AGENTS_FILE');
  const slackUrl = value(env, 'SLACK_WEBHOOK_URL');
  const smtpUrl = value(env, 'SMTP_URL');
  const smtpFrom = value(env, 'SMTP_FROM');
  const sender = smtpFrom === undefined ? undefined : parseMailbox(smtpFrom, 'SMTP_FROM');
  return {
    port: Number(value(env, 'PORT') ?? 8000),
    host: value(env, 'HOST') ?? '127.0.0.1',
    allowOpenWebhooks: value(env, 'ALLOW_OPEN_WEBHOOKS') === '1',
    databaseFile: resolve(cwd, value(env, 'DATABASE_FILE') ?? './callwire.db'),
    webhookSecret: value(env, 'WEBHOOK_SECRET'),
    operatorSecret: value(env, 'OPERATOR_SECRET'),
    calls: {
      exotel: exotel && { apiKey: exotel.EXOTEL_API_KEY, apiToken: exotel.EXOTEL_API_TOKEN, accountSid: value(env, 'EXOTEL_ACCOUNT_SID') },
      assemblyAIKey: value(env, 'ASSEMBLYAI_API_KEY'),
      slack: slackUrl ? { url: slackUrl, routes: json(env, 'SLACK_ROUTES', {}) } : undefined,
      supportNumbers: (value(env, 'SUPPORT_NUMBERS') ?? '').split(',').map((n) => n.trim()).filter(Boolean),
      agents: agentsFile ? (JSON.parse(readFileSync(resolve(cwd, agentsFile), 'utf8')) as AgentEntry[]) : [],
      timeZone: value(env, 'CALLS_TIME_ZONE') ?? 'Asia/Kolkata',
      missedCallRoute: value(env, 'MISSED_CALL_ROUTE'),
    },
    appointments: {
      timeZone: value(env, 'APPOINTMENTS_TIME_ZONE') ?? 'America/Los_Angeles',
      businessName: value(env, 'BUSINESS_NAME') ?? sender?.name,
      sender,
      businessHours: businessHours(value(env, 'BUSINESS_HOURS')),
      google: google && { credentials: google.GOOGLE_SERVICE_ACCOUNT, calendarId: google.GOOGLE_CALENDAR_ID },
      twilio: twilio && { accountSid: twilio.TWILIO_ACCOUNT_SID, authToken: twilio.TWILIO_AUTH_TOKEN, from: twilio.TWILIO_FROM, publicUrl: value(env, 'PUBLIC_URL') },
      smtp: smtpUrl ? smtpConfig(env, smtpUrl, cwd) : undefined,
      elevenLabsSecret: value(env, 'ELEVENLABS_WEBHOOK_SECRET'),
    },
  };
}

/**
 * Why the server must not start, if it must not: real providers configured (they spend money and reach
 * customers) while anyone who can reach the server may post webhooks (no `WEBHOOK_SECRET`), unless
 * `ALLOW_OPEN_WEBHOOKS=1` says that is intended.
 */
export function startupRefusal(config: ServerConfig): string | undefined {
  if (config.webhookSecret || config.allowOpenWebhooks) return undefined;
  const { calls, appointments } = config;
  const real = [
    calls.exotel && 'Exotel', calls.assemblyAIKey && 'AssemblyAI', calls.slack && 'Slack',
    appointments.google && 'Google Calendar', appointments.twilio && 'Twilio', appointments.smtp && 'SMTP',
  ].filter((name): name is string => typeof name === 'string');
  if (real.length === 0) return undefined;
  return `Real providers are configured (${real.join(', ')}) but WEBHOOK_SECRET is not set, so anyone who reaches this server could post webhooks. Set WEBHOOK_SECRET (32+ characters), or ALLOW_OPEN_WEBHOOKS=1 if that is intended.`;
}
