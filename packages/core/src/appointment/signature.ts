import { nodeCrypto } from '../node-builtins.js';
import { CallwireError } from '../errors.js';

/** What {@link verifyElevenLabsSignature} needs. */
export interface SignatureCheck {
  /** The `ElevenLabs-Signature` header, `t=<unix seconds>,v0=<hex>`. */
  header: string | null | undefined;
  /** The body exactly as received. */
  rawBody: string;
  secret: string;
  /** Epoch milliseconds. */
  now: number;
  /** How far the timestamp may be from `now`, in seconds (default 1 800 = 30 minutes). */
  toleranceSeconds?: number;
}

/**
 * Verifies an ElevenLabs webhook signature: HMAC-SHA256 with the secret over `` `${t}.${rawBody}` ``,
 * compared in constant time, with a replay window around `t`.
 *
 * @throws CallwireError `unauthorized` when the header is missing, malformed, expired or wrong.
 * @example
 * ```ts
 * verifyElevenLabsSignature({ header: request.headers.get('elevenlabs-signature'), rawBody, secret, now: Date.now() });
 * ```
 */
export function verifyElevenLabsSignature({ header, rawBody, secret, now, toleranceSeconds = 1_800 }: SignatureCheck): void {
  if (!header) throw new CallwireError('unauthorized', 'Missing ElevenLabs-Signature header.');
  const fields = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const key = part.slice(0, index).trim();
    fields.set(key, [...(fields.get(key) ?? []), part.slice(index + 1).trim()]);
  }
  const times = fields.get('t') ?? [];
  const timestamp = times[0];
  const signatures = fields.get('v0') ?? [];
  // One timestamp only: with several, which one the HMAC covers would be ambiguous.
  if (times.length !== 1 || !timestamp || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) {
    throw new CallwireError('unauthorized', 'Malformed ElevenLabs-Signature header.');
  }
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) {
    throw new CallwireError('unauthorized', 'The ElevenLabs signature has expired.');
  }
  const expected = nodeCrypto().createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  const valid = signatures.some((signature) => {
    const given = /^[0-9a-f]+$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
    return given.length === expected.length && nodeCrypto().timingSafeEqual(given, expected);
  });
  if (!valid) throw new CallwireError('unauthorized', 'Invalid ElevenLabs signature.');
}

/**
 * Signs a body the way ElevenLabs does (for tests and local demos).
 *
 * @example
 * ```ts
 * const header = signElevenLabsBody(body, 'secret', Math.floor(Date.now() / 1000));
 * ```
 */
export function signElevenLabsBody(rawBody: string, secret: string, timestampSeconds: number): string {
  const digest = nodeCrypto().createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex');
  return `t=${timestampSeconds},v0=${digest}`;
}
