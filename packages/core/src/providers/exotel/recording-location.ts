import { hostMatches, isConfidentialTransport } from './address-policy.js';
import { parseRecordingUrl, recordingRefused } from './guarded-get.js';

/** Exotel's recording hosts: the default `allowedHosts` of `exotelRecordings()` (they get Basic credentials). */
export const exotelRecordingHosts: readonly string[] = ['recordings.exotel.com', '*.exotel.com', '*.exotel.in'];

/** The S3 bucket Exotel stores recordings in. */
export const exotelRecordingsBucket = 'exotelrecordings';

/**
 * Exotel's S3 hosts, in the regions Exotel runs in (Singapore `ap-southeast-1`, Mumbai `ap-south-1`),
 * with both of AWS's spellings (`s3-<region>` legacy dash, `s3.<region>` dot). Recording URLs seen in
 * Exotel's documents and real payloads use path style, `https://s3-ap-southeast-1.amazonaws.com/exotelrecordings/<account>/<sid>.mp3`
 * (https://developer.exotel.com/docs/voice-v1/api-reference/call-details,
 * https://developer.exotel.com/docs/voice-v3/api-reference/voice-log-download). Only paths in the
 * `exotelrecordings` bucket count. They are fetched **without** credentials: S3 answers a Basic
 * `Authorization` header with 400 InvalidArgument "Unsupported Authorization Type"
 * (reported: https://github.com/danialfarid/ng-file-upload/issues/615), and the Exotel key must not reach AWS.
 */
export const exotelS3Hosts: readonly string[] = [
  's3-ap-southeast-1.amazonaws.com', 's3.ap-southeast-1.amazonaws.com',
  's3-ap-south-1.amazonaws.com', 's3.ap-south-1.amazonaws.com',
];

/**
 * The same bucket in AWS's virtual-hosted style (`exotelrecordings.s3.ap-south-1.amazonaws.com/<key>`),
 * which AWS documents as equivalent to path style and which AWS SDKs use for presigned URLs by default
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html). Exotel's documents do
 * not show this spelling; accepting it costs nothing, as S3 hosts never get credentials.
 */
const exotelS3VirtualHosts = exotelS3Hosts.map((host) => `${exotelRecordingsBucket}.${host}`);

/** Where a recording is, and whether the request carries the Exotel credentials. */
export interface RecordingLocation {
  url: URL;
  /** `exotel`: an Exotel host, Basic credentials (HTTPS only). `s3`: Exotel's S3 bucket (plain or presigned), no credentials. */
  kind: 'exotel' | 's3';
}

/** What {@link locateRecording} checks a URL against. */
export interface RecordingHostPolicy {
  /** Hosts that get the credentials (default {@link exotelRecordingHosts}). */
  allowedHosts: readonly string[];
  /** TEST ONLY: `host:port` entries treated as an Exotel S3 host (a local fake S3 server). */
  testS3Hosts: readonly string[];
  /** TEST ONLY: `host:port` entries of local fake servers (may be plain HTTP on a loopback address). */
  allowPrivateHosts: readonly string[];
}

/**
 * Decides how a recording URL is fetched, before anything is sent: Exotel's S3 bucket (path style on
 * {@link exotelS3Hosts}, virtual-hosted style, or a presigned URL there) → `s3`, no credentials, HTTPS
 * only; an allowed Exotel host → `exotel`, with credentials; anything else → `forbidden`. S3 is
 * decided first, so no setting of `allowedHosts` can send the credentials to S3. `testS3Hosts` can only
 * ever take credentials away, never add them.
 */
export function locateRecording(raw: string, policy: RecordingHostPolicy): RecordingLocation {
  const url = parseRecordingUrl(raw);
  if (isExotelS3(url, policy.testS3Hosts)) {
    if (!isConfidentialTransport(url, policy.allowPrivateHosts)) throw recordingRefused(`Recordings on S3 are fetched over HTTPS only; ${url.origin} is not.`);
    return { url, kind: 's3' };
  }
  if (hostMatches(url, policy.allowedHosts)) return { url, kind: 'exotel' };
  throw recordingRefused(`Recording host ${url.hostname} is not an allowed host; nothing was fetched.`);
}

function isExotelS3(url: URL, testS3Hosts: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  const inBucket = url.pathname.startsWith(`/${exotelRecordingsBucket}/`);
  if (exotelS3VirtualHosts.includes(host)) return true;
  if (exotelS3Hosts.includes(host)) return inBucket;
  return inBucket && testS3Hosts.length > 0 && hostMatches(url, testS3Hosts);
}
