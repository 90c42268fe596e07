/**
 * HTTP/1.1 response framing for the recording download (RFC 9112): the head (status line and header
 * fields) and how the body is delimited — `Content-Length`, `Transfer-Encoding: chunked` (sizes, chunk
 * extensions, trailer fields) or the end of the connection. Pure: bytes in, positions out, no I/O and
 * no allocation per body byte, so the caller can copy body bytes straight out of its socket buffer.
 */

/** A parsed response head. Header names are lower case; repeated fields are joined with `, `. */
export interface ResponseHead {
  status: number;
  headers: Record<string, string>;
}

/** Malformed framing from the server; the caller turns it into a retryable provider error. */
export class FramingError extends Error {
  override name = 'FramingError';
}

/** Parses a response head (latin1 text up to, without, the blank line that ends it). */
export function parseResponseHead(text: string): ResponseHead {
  const lines = text.split('\r\n');
  const statusLine = /^HTTP\/1\.[01] (\d{3})(?: [^\r\n]*)?$/.exec(lines[0] ?? '');
  if (!statusLine) throw new FramingError(`malformed status line ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    if (line.startsWith(' ') || line.startsWith('\t')) throw new FramingError('obsolete folded header line');
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) throw new FramingError(`malformed header line ${JSON.stringify(line.slice(0, 80))}`);
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { status: Number(statusLine[1]), headers };
}

/** How a response body is delimited. */
export type BodyLength = { kind: 'length'; bytes: number } | { kind: 'chunked' } | { kind: 'close' };

/** The body framing a response head declares (RFC 9112 §6.3, for the answer to a GET). */
export function bodyLengthOf(head: ResponseHead): BodyLength {
  if (head.status < 200 || head.status === 204 || head.status === 304) return { kind: 'length', bytes: 0 };
  const transferEncoding = head.headers['transfer-encoding'];
  if (transferEncoding !== undefined) {
    // Transfer-Encoding overrides Content-Length; only plain chunked is asked for (Accept-Encoding: identity, no TE).
    if (transferEncoding.toLowerCase() !== 'chunked') throw new FramingError(`unsupported Transfer-Encoding ${JSON.stringify(transferEncoding.slice(0, 40))}`);
    return { kind: 'chunked' };
  }
  const contentLength = head.headers['content-length'];
  if (contentLength === undefined) return { kind: 'close' };
  const values = new Set(contentLength.split(',').map((value) => value.trim()));
  const [only] = values;
  if (values.size !== 1 || !/^\d{1,15}$/.test(only!)) throw new FramingError(`invalid Content-Length ${JSON.stringify(contentLength.slice(0, 40))}`);
  return { kind: 'length', bytes: Number(only) };
}

/** Longest chunk-size line (size and extensions) and trailer section accepted, in bytes. */
const maxChunkLine = 4096;
const maxTrailers = 64 * 1024;

/** Where the chunked decoder is (a plain object rather than an enum: erasable syntax). */
const State = { Size: 0, SizeSpace: 1, Extension: 2, SizeLf: 3, Data: 4, DataCr: 5, DataLf: 6, TrailerStart: 7, Trailer: 8, TrailerLf: 9, EndLf: 10, Done: 11 } as const;
type State = (typeof State)[keyof typeof State];

/**
 * Walks a body's framing over successive buffers. `step(bytes, from, to)` consumes framing bytes (chunk
 * sizes, extensions, CRLFs, trailers) and stops at body data: then `data` is how many body bytes start at
 * the returned position (up to `to`); the caller takes some with `take(n)` and steps again from there.
 */
export class BodyFraming {
  /** Body bytes available at the position `step` returned (0: none there; look at `done`). */
  data = 0;
  /** Whether the whole body has been seen (always false for a body delimited by the connection's end). */
  done = false;
  private state: State;
  private remaining: number;
  private lineBytes = 0;
  private digits = 0;

  constructor(readonly length: BodyLength) {
    this.state = length.kind === 'chunked' ? State.Size : State.Data;
    this.remaining = length.kind === 'length' ? length.bytes : length.kind === 'close' ? Number.POSITIVE_INFINITY : 0;
    if (length.kind === 'length' && length.bytes === 0) this.finish();
  }

  /** Consumes framing bytes from `from`; returns the position where body data (`data` bytes) or the input's end is. */
  step(bytes: Uint8Array, from: number, to: number): number {
    let at = from;
    this.data = 0;
    while (at < to && !this.done) {
      if (this.state === State.Data) {
        this.data = Math.min(this.remaining, to - at);
        return at;
      }
      at = this.framingByte(bytes[at]!, at);
    }
    return at;
  }

  /** Marks `n` body bytes (at most `data`) as taken. */
  take(n: number): void {
    this.remaining -= n;
    this.data -= n;
    if (this.remaining > 0) return;
    if (this.length.kind === 'chunked') this.state = State.DataCr;
    else this.finish();
  }

  private finish(): void {
    this.state = State.Done;
    this.done = true;
  }

  /** One byte of chunked framing; returns the next position. */
  private framingByte(byte: number, at: number): number {
    switch (this.state) {
      case State.Size: {
        const digit = hexValue(byte);
        if (digit >= 0) {
          if (++this.digits > 13) throw new FramingError('chunk size too large');
          this.remaining = this.remaining * 16 + digit;
        } else if (this.digits === 0) {
          throw new FramingError(`malformed chunk size (byte 0x${byte.toString(16)})`);
        } else if (byte === 0x3b /* ; */) {
          this.state = State.Extension;
        } else if (byte === 0x20 || byte === 0x09) {
          this.state = State.SizeSpace;
        } else if (byte === 0x0d) {
          this.state = State.SizeLf;
        } else {
          throw new FramingError(`malformed chunk size (byte 0x${byte.toString(16)})`);
        }
        break;
      }
      case State.SizeSpace:
        if (byte === 0x3b) this.state = State.Extension;
        else if (byte === 0x0d) this.state = State.SizeLf;
        else if (byte !== 0x20 && byte !== 0x09) throw new FramingError('malformed chunk size line');
        break;
      case State.Extension:
        if (byte === 0x0d) this.state = State.SizeLf;
        else if (byte === 0x0a) throw new FramingError('bare LF in a chunk extension');
        break;
      case State.SizeLf:
        if (byte !== 0x0a) throw new FramingError('chunk size line not ended by CRLF');
        this.digits = 0;
        this.lineBytes = 0;
        this.state = this.remaining === 0 ? State.TrailerStart : State.Data;
        return at + 1;
      case State.DataCr:
        if (byte !== 0x0d) throw new FramingError('chunk data longer than its size');
        this.state = State.DataLf;
        return at + 1;
      case State.DataLf:
        if (byte !== 0x0a) throw new FramingError('chunk data not ended by CRLF');
        this.state = State.Size;
        return at + 1;
      case State.TrailerStart:
        if (byte === 0x0d) this.state = State.EndLf;
        else this.state = State.Trailer;
        break;
      case State.Trailer:
        if (byte === 0x0d) this.state = State.TrailerLf;
        break;
      case State.TrailerLf:
        if (byte !== 0x0a) throw new FramingError('trailer field not ended by CRLF');
        this.state = State.TrailerStart;
        break;
      case State.EndLf:
        if (byte !== 0x0a) throw new FramingError('chunked body not ended by CRLF');
        this.finish();
        return at + 1;
      default:
        break;
    }
    const limit = this.state === State.Trailer || this.state === State.TrailerLf || this.state === State.TrailerStart || this.state === State.EndLf ? maxTrailers : maxChunkLine;
    if (++this.lineBytes > limit) throw new FramingError(limit === maxTrailers ? 'trailer section too large' : 'chunk size line too long');
    return at + 1;
  }
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  return -1;
}
