import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, received, type LocalServer, type ReceivedRequest } from '../http-server.js';

/** Options of {@link createFakeS3Recordings}. */
export interface FakeS3RecordingsOptions {
  /** The bucket (default `exotelrecordings`, Exotel's). */
  bucket?: string | undefined;
  /** The region in presigned credentials (default `ap-southeast-1`, Exotel's Singapore bucket). */
  region?: string | undefined;
  /** The fake's clock, for signature expiry (default `Date.now`). */
  clock?: (() => number) | undefined;
}

/** One stored recording. */
interface StoredObject {
  bytes: Buffer;
  /** Readable without a signature (an account whose bucket policy lets this server in). */
  public: boolean;
}

const accessKeyId = 'AKIAFAKEEXOTELREC';
const secretKey = 'fake-s3-secret-never-leaves-the-fake';

/**
 * A local S3 serving Exotel's recording bucket, path style (`/exotelrecordings/<account>/<sid>.mp3`),
 * as strict as S3 on what callwire must get right. Each rule cites its source:
 *
 * - Any `Authorization` header → **400** `InvalidArgument` "Unsupported Authorization Type" (the fake
 *   knows no header signing, so even an AWS one is refused) (reported for a Basic header: https://github.com/danialfarid/ng-file-upload/issues/615; the
 *   same XML from S3 in https://github.com/versity/versitygw/issues/1512). Checked before anything else.
 * - Presigned URLs (SigV4 query: `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
 *   `X-Amz-SignedHeaders`, `X-Amz-Signature`; https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html):
 *   `X-Amz-Expires` above 604 800 s (7 days) → 400 `AuthorizationQueryParametersError`; a wrong
 *   signature → 403 `SignatureDoesNotMatch`; past `X-Amz-Date` + `X-Amz-Expires` → **403**
 *   `AccessDenied` "Request has expired" with `X-Amz-Expires`, `Expires`, `ServerTime`
 *   (https://github.com/aws/aws-sdk-php/issues/1333, https://github.com/aws/aws-sdk-js/issues/3493).
 *   The fake's signature is its own HMAC, not real SigV4: only the fake can make valid URLs (`presign`).
 * - Unsigned requests: a public object → 200; anything else → 403 `AccessDenied` — also for a
 *   missing key, as S3 answers callers without `s3:ListBucket`
 *   (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, "Permissions").
 *   Exotel made recordings private on 8 Oct 2024 (Exotel support article 3000129985).
 * - A signed request for a missing key → 404 `NoSuchKey` (the signer may list the bucket).
 *
 * Every request's headers are kept (`requests`), so tests can assert that no credential reached S3.
 *
 * @example
 * ```ts
 * const s3 = createFakeS3Recordings();
 * const server = await s3.start();
 * const plain = s3.addObject(server, 'acme1/c1.mp3', { public: true });
 * const signed = s3.presign(server, 'acme1/c1.mp3', { expiresInSeconds: 300 });
 * ```
 */
export function createFakeS3Recordings(options: FakeS3RecordingsOptions = {}) {
  const bucket = options.bucket ?? 'exotelrecordings';
  const region = options.region ?? 'ap-southeast-1';
  const clock = options.clock ?? Date.now;
  const objects = new Map<string, StoredObject>();
  const requests: ReceivedRequest[] = [];

  function handle(req: IncomingMessage, res: ServerResponse): void {
    requests.push(received(req));
    const url = new URL(req.url ?? '/', 'http://fake-s3');
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      return s3Error(res, 400, 'InvalidArgument', 'Unsupported Authorization Type', { ArgumentName: 'Authorization', ArgumentValue: authorization });
    }
    if (!url.pathname.startsWith(`/${bucket}/`)) return s3Error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    const key = decodeURIComponent(url.pathname.slice(bucket.length + 2));
    const object = objects.get(key);
    if (url.searchParams.has('X-Amz-Signature')) {
      const refusal = checkPresigned(url);
      if (refusal) return refusal(res);
      if (!object) return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
      return sendObject(res, key, object);
    }
    if (!object?.public) return s3Error(res, 403, 'AccessDenied', 'Access Denied');
    sendObject(res, key, object);
  }

  function checkPresigned(url: URL): ((res: ServerResponse) => void) | undefined {
    const q = url.searchParams;
    if (q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
      return (res) => s3Error(res, 400, 'AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
    }
    const expires = Number(q.get('X-Amz-Expires'));
    if (!Number.isInteger(expires) || expires < 1 || expires > 604_800) {
      return (res) => s3Error(res, 400, 'AuthorizationQueryParametersError', 'X-Amz-Expires must be less than a week (in seconds) that is; 604800');
    }
    const issued = parseAmzDate(q.get('X-Amz-Date') ?? '');
    if (issued === undefined) return (res) => s3Error(res, 400, 'AuthorizationQueryParametersError', 'X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"');
    const given = Buffer.from(q.get('X-Amz-Signature') ?? '', 'hex');
    const wanted = Buffer.from(sign(url.pathname, q), 'hex');
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      return (res) => s3Error(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
    }
    const expiresAt = issued + expires * 1000;
    if (clock() > expiresAt) {
      return (res) => s3Error(res, 403, 'AccessDenied', 'Request has expired', {
        'X-Amz-Expires': String(expires), Expires: isoSeconds(expiresAt), ServerTime: isoSeconds(clock()),
      });
    }
    return undefined;
  }

  return {
    bucket,
    /** Every request with its headers (assert that no `Authorization` reached S3). */
    requests,
    /** Stores a recording under `key` (`<account>/<sid>.mp3`); returns its plain (unsigned) URL on `server`. */
    addObject(server: LocalServer, key: string, { bytes = Buffer.alloc(64 * 1024, 5), public: isPublic = false }: { bytes?: Buffer; public?: boolean } = {}): string {
      objects.set(key, { bytes, public: isPublic });
      return `${server.url}/${bucket}/${key}`;
    },
    /**
     * A presigned URL of `key` on `server`, issued at `issuedAt` (epoch ms, default now by the fake's
     * clock) and valid for `expiresInSeconds` (default 300, Exotel's default 5-minute validity).
     */
    presign(server: LocalServer, key: string, { expiresInSeconds = 300, issuedAt = clock() }: { expiresInSeconds?: number; issuedAt?: number } = {}): string {
      const date = amzDate(issuedAt);
      const path = `/${bucket}/${key}`;
      const query = new URLSearchParams({
        'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
        'X-Amz-Credential': `${accessKeyId}/${date.slice(0, 8)}/${region}/s3/aws4_request`,
        'X-Amz-Date': date,
        'X-Amz-Expires': String(expiresInSeconds),
        'X-Amz-SignedHeaders': 'host',
      });
      query.set('X-Amz-Signature', sign(path, query));
      return `${server.url}${path}?${query}`;
    },
    start(): Promise<LocalServer> {
      return listen(handle);
    },
  };
}

export type FakeS3Recordings = ReturnType<typeof createFakeS3Recordings>;

/** The fake's signature: HMAC-SHA256 over the path and the sorted query without the signature. */
function sign(path: string, query: URLSearchParams): string {
  const canonical = [...query.entries()].filter(([name]) => name !== 'X-Amz-Signature').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha256', secretKey).update(`GET\n${path}\n${new URLSearchParams(canonical)}`).digest('hex');
}

function sendObject(res: ServerResponse, key: string, object: StoredObject): void {
  res.writeHead(200, { 'content-type': key.endsWith('.wav') ? 'audio/wav' : 'audio/mpeg', 'content-length': String(object.bytes.length) });
  res.end(object.bytes);
}

/** S3's XML error body (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). */
function s3Error(res: ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}): void {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const fields = Object.entries({ Code: code, Message: message, ...extra, RequestId: 'FAKE0REQUEST0ID', HostId: 'fake-s3' })
    .map(([name, value]) => `<${name}>${escape(value)}</${name}>`).join('');
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${fields}</Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** `YYYYMMDDTHHMMSSZ` */
function amzDate(epoch: number): string {
  return new Date(epoch).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function parseAmzDate(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
}

function isoSeconds(epoch: number): string {
  return new Date(epoch).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
