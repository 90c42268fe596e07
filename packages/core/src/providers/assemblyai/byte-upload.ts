import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CallwireError } from '../../errors.js';
import { assemblyAIHttpError } from './http-errors.js';

/** Bytes of each upload buffer; {@link uploadBuffers} of them are read into and written in turn. */
const uploadBufferBytes = 64 * 1024;
const uploadBuffers = 2;
/** Largest answer body read from `/v2/upload` (its JSON is a line; an error page is cut here). */
const maxAnswerBytes = 64 * 1024;

/** What `/v2/upload` answered: its status, `Retry-After` and body text. */
interface UploadAnswer {
  status: number;
  retryAfter: string | null;
  text: string;
}

/**
 * Opens a BYOB reader on `stream` when it is a byte stream (`type: 'bytes'`, as `exotelRecordings()` makes);
 * `undefined` for any other stream, which stays unlocked.
 */
export function byobReaderOf(stream: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | undefined {
  try {
    return stream.getReader({ mode: 'byob' });
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

/**
 * POSTs a byte stream to `{baseUrl}/v2/upload` over `node:http(s)`, as the SDK's `files.upload` does
 * (`Authorization: <key>`, `Content-Type: application/octet-stream`, a streamed body, so `Transfer-Encoding:
 * chunked`; https://www.assemblyai.com/docs/api-reference/files/upload) and resolves the `upload_url`.
 *
 * Why not fetch, as for other streams: fetch's body pump reads the request stream with a default reader, so
 * every chunk is a fresh ArrayBuffer, and V8 frees young array buffers only after ~32 MiB of them: a 100 MiB
 * recording uploaded through fetch added ~34 MB of RSS (bench `recording_rss`, `upload`). Here the stream is
 * read with a BYOB reader into {@link uploadBuffers} 64 KiB buffers in turn, and a buffer is read into again
 * only once `req.write` has called back for it (a BYOB read transfers the buffer: the view it returns is the
 * one kept). Errors are classified as on the fetch path (`assemblyAIHttpError`); nothing follows a redirect,
 * so the key goes to `baseUrl` only; a stall of `idleTimeoutMs` (no chunk taken, no answer) is a `timeout`.
 */
export async function uploadByteStream(
  apiKey: string,
  baseUrl: string,
  reader: ReadableStreamBYOBReader,
  { signal, idleTimeoutMs }: { signal?: AbortSignal | undefined; idleTimeoutMs: number },
): Promise<string> {
  const url = new URL('/v2/upload', baseUrl);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const req = request(url, { method: 'POST', headers: { authorization: apiKey, 'content-type': 'application/octet-stream' } });
  let stopped: Error | undefined;
  let timer: NodeJS.Timeout | undefined;
  const stop = (error: Error) => {
    stopped ??= error;
    req.destroy(stopped);
  };
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stop(new CallwireError('timeout', 'AssemblyAI stopped taking the upload.', { provider: 'assemblyai' })), idleTimeoutMs);
    timer.unref();
  };
  const onAbort = () => stop(signal!.reason instanceof Error ? signal!.reason : new Error('The upload was aborted.'));
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();

  // Why the request ended: the reason it was stopped for, else the network's error.
  const failureOf = (error: unknown) => stopped ?? new CallwireError('provider_error', 'AssemblyAI could not be reached to upload the recording.', { provider: 'assemblyai', cause: error });
  // Settles with the answer, or fails with the reason the request ended; a 4xx/5xx fails it early, even mid-body.
  const answered = new Promise<UploadAnswer>((resolve, reject) => {
    req.on('error', (error) => reject(failureOf(error)));
    req.on('response', (response) => {
      touch();
      readAnswer(response).then((answer) => {
        if (answer.status < 400) return resolve(answer);
        const error = assemblyAIHttpError(answer.status, answer.text, answer.retryAfter, 'upload the recording');
        reject(error);
        stop(error);
      }, (error: unknown) => reject(failureOf(error)));
    });
  });
  answered.catch(() => undefined); // observed below; a failure before then must not be unhandled

  try {
    touch();
    // The whole body is sent before an answer counts; a failure (a 4xx/5xx, a reset) stops the sending at once.
    const failedEarly = new Promise<never>((_, reject) => { answered.catch(reject); });
    await Promise.race([send(req, reader, touch, failureOf), failedEarly]);
    touch();
    const answer = await answered;
    let json: { upload_url?: string } | undefined;
    try {
      json = JSON.parse(answer.text) as typeof json;
    } catch {
      // not JSON: reported below
    }
    if (!json?.upload_url) throw new CallwireError('provider_error', `AssemblyAI's upload answered ${answer.status} without an upload_url.`, { provider: 'assemblyai' });
    return json.upload_url;
  } catch (error) {
    const reason = error instanceof Error ? error : new Error(String(error));
    stop(reason);
    reader.cancel(reason).catch(() => undefined);
    throw reason;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Reads the stream into the upload buffers in turn and writes each to `req`, then ends it. A buffer is read
 * into again only after its last write called back (or the request closed: then nothing more is written).
 */
async function send(req: ClientRequest, reader: ReadableStreamBYOBReader, touch: () => void, failureOf: (error: unknown) => Error): Promise<void> {
  const closed = new Promise<void>((resolve) => req.once('close', resolve));
  const buffers = Array.from({ length: uploadBuffers }, () => new ArrayBuffer(uploadBufferBytes));
  const writes: Promise<void>[] = [];
  const write = (chunk: Uint8Array) => new Promise<void>((resolve, reject) => req.write(chunk, (error) => (error ? reject(failureOf(error)) : resolve())));
  for (let turn = 0; ; turn = (turn + 1) % uploadBuffers) {
    await writes[turn];
    if (req.destroyed) throw failureOf(req.errored);
    const { value, done } = await reader.read(new Uint8Array(buffers[turn]!));
    touch();
    if (done) break;
    buffers[turn] = value.buffer as ArrayBuffer;
    writes[turn] = Promise.race([closed, write(value)]);
  }
  await Promise.all(writes);
  if (req.destroyed) throw failureOf(req.errored);
  req.end();
}

/** Reads an answer's status, `Retry-After` and body (at most {@link maxAnswerBytes}). */
function readAnswer(response: IncomingMessage): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    response.on('data', (chunk: Buffer) => {
      if (bytes >= maxAnswerBytes) return;
      chunks.push(chunk);
      bytes += chunk.byteLength;
    });
    response.on('end', () => {
      const retryAfter = response.headers['retry-after'];
      resolve({ status: response.statusCode ?? 0, retryAfter: typeof retryAfter === 'string' ? retryAfter : null, text: Buffer.concat(chunks).toString('utf8').slice(0, maxAnswerBytes) });
    });
    response.on('error', reject);
  });
}
