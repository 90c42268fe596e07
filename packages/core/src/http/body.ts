import { CallwireError } from '../errors.js';

/** The default body limit: 1 MiB. */
export const defaultMaxBodyBytes = 1024 * 1024;

const utf8 = new TextDecoder('utf-8');

/** The 413 for a body over `limit`. */
export const tooLarge = (limit: number) =>
  new CallwireError('payload_too_large', `The body is larger than the limit of ${limit} bytes (limits.maxBodyBytes).`);

/**
 * Reads a request's body into bytes, refusing it (413) as soon as it passes `limit`: a declared
 * `Content-Length` is checked before reading, a streamed body while it is read.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (error) {
      throw new CallwireError('bad_request', 'The request body could not be read (the sender may have disconnected).', { cause: error });
    }
    if (next.done) break;
    size += next.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(next.value);
  }
  return concat(chunks, size);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  if (chunks.length === 1 && chunks[0]!.buffer instanceof ArrayBuffer) return chunks[0] as Uint8Array<ArrayBuffer>;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Decodes bytes as UTF-8 (invalid sequences become U+FFFD; use the bytes for exact work). */
export const decodeUtf8 = (bytes: Uint8Array): string => utf8.decode(bytes);

/** A query string or form body as a flat record; bracketed keys (`Legs[0][Status]`) are kept as they are. */
export function flatRecord(params: URLSearchParams, omit?: string): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of params) if (key !== omit) record[key] = value;
  return record;
}

/**
 * Parses a body by its content type: JSON (`application/json`, `*+json`, or no type at all when the
 * body looks like JSON), form-urlencoded into a flat record, anything else as text. An empty body
 * is `undefined`; malformed JSON is a 400 with a plain message.
 */
export function parseBody(contentType: string | null, text: string): unknown {
  if (text.length === 0) return undefined;
  const type = contentType === 'application/json' ? contentType : (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return flatRecord(new URLSearchParams(text));
  const looksJson = type === '' && /^\s*[[{]/.test(text);
  if (type === 'application/json' || type.endsWith('+json') || looksJson) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new CallwireError('bad_request', 'The body is not valid JSON. Send a JSON document with Content-Type: application/json.');
    }
  }
  return text;
}
