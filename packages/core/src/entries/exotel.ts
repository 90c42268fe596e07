/**
 * @callwire/core/exotel — Exotel recordings (streamed, SSRF-guarded), the Call Details API for
 * reconciliation, and Exotel payload parsing.
 */
export { exotelRecordings, exotelRecordingHosts } from '../providers/exotel/recordings.js';
export type { ExotelRecordingsOptions } from '../providers/exotel/recordings.js';
export { exotelCallHistory } from '../providers/exotel/call-history.js';
export type { ExotelCallHistoryOptions } from '../providers/exotel/call-history.js';
export { isForbiddenAddress } from '../providers/exotel/address-policy.js';
export { parseCallPayload } from '../call/intake/parse-call.js';
export type { ParseCallOptions } from '../call/intake/parse-call.js';
export { callFieldAliases, parseCustomField } from '../call/intake/fields.js';
