/**
 * @callwire/core/exotel — Exotel recordings (streamed, SSRF-guarded, from Exotel's hosts and its S3
 * bucket), the Call Details API (one call, and bulk for reconciliation), and Exotel payload parsing.
 */
export { defaultMaxRecordingBytes, exotelRecordings, exotelRecordingHosts } from '../providers/exotel/recordings.js';
export type { ExotelRecordingsOptions } from '../providers/exotel/recordings.js';
export { exotelS3Hosts } from '../providers/exotel/recording-location.js';
export { exotelCallDetails } from '../providers/exotel/call-details.js';
export type { CallDetailsSource, ExotelCallDetails, ExotelCallDetailsOptions } from '../providers/exotel/call-details.js';
export { isCallDetailsComplete, parseExotelCall, pendingCallFields, terminalCallStatuses } from '../providers/exotel/call-record.js';
export type { CompletenessOptions, ExotelCall, ExotelCallDetailsBlock, ExotelCallLeg, LateCallField } from '../providers/exotel/call-record.js';
export { exotelApiBaseUrl, exotelRegionBaseUrls } from '../providers/exotel/api-client.js';
export type { ExotelApiOptions, ExotelRegion } from '../providers/exotel/api-client.js';
export { exotelCallHistory } from '../providers/exotel/call-history.js';
export type { ExotelCallHistoryOptions } from '../providers/exotel/call-history.js';
export { isForbiddenAddress } from '../providers/exotel/address-policy.js';
export { parseCallPayload } from '../call/intake/parse-call.js';
export type { ParseCallOptions } from '../call/intake/parse-call.js';
export { callFieldAliases, parseCustomField } from '../call/intake/fields.js';
