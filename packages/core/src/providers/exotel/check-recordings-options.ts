import * as z from 'zod';
import { kind } from '../../option-kinds.js';
import { parseOptions } from '../../options.js';

function build() {
  const waits = z.object({ initialDelayMs: kind.ms(1).optional(), maxDelayMs: kind.ms(1).optional(), deadlineMs: kind.ms().optional() }, { error: 'must be { initialDelayMs?, maxDelayMs?, deadlineMs? }' });
  return z.object({
    apiKey: kind.secret(),
    apiToken: kind.secret(),
    allowedHosts: kind.texts('must be a list of host names').optional(),
    callDetails: kind.object('CallDetailsSource (e.g. exotelCallDetails())').optional(),
    allowPrivateHosts: kind.texts('must be a list of host names').optional(),
    testS3Hosts: kind.texts('must be a list of host:port entries').optional(),
    maxBytes: kind.count(1).optional(),
    maxRedirects: kind.count(0, 20).optional(),
    timeoutMs: kind.ms(1).optional(),
    notYetAvailable: waits.optional(),
    resolve: kind.fn('hostname → addresses').optional(),
  });
}

let schema: ReturnType<typeof build> | undefined;

/** Checks every `exotelRecordings` option at construction (a `TypeError` naming the first bad one). */
export const checkRecordingsOptions = (options: unknown): void => void parseOptions((schema ??= build()), options, 'exotelRecordings');
