import { samePhoneNumber, type CountryCode } from '../phone.js';
import type { CallDirection, KnownCall } from './types.js';

/** Who is who on a call. Numbers are kept as they arrived. */
export interface CallParties {
  direction: CallDirection;
  supportNumber: string;
  customerNumber: string;
  /** The agent's own phone when a leg shows it (the `From` leg of an Exotel Connect-API call). */
  agentPhone?: string;
}

/** What {@link resolveParties} needs from the pipeline's configuration. */
export interface PartiesOptions {
  /** The support lines (ExoPhones); any common notation. */
  supportNumbers: readonly string[];
  defaultRegion: CountryCode;
}

/** Exotel's direction values, by what they mean (Call Details, StatusCallback and Passthru `Direction`). */
function directionFamily(raw: string | undefined): 'inbound' | 'outbound-api' | 'outbound-dial' | undefined {
  if (!raw) return undefined;
  if (raw === 'inbound' || raw === 'incoming') return 'inbound';
  if (raw === 'outbound-api') return 'outbound-api';
  if (raw === 'outbound-dial') return 'outbound-dial';
  return undefined;
}

/**
 * Decides a call's direction and who is the customer from everything the provider said:
 *
 * | provider `Direction` | direction | customer | support number | agent's phone |
 * |---|---|---|---|---|
 * | `inbound` / `incoming` | incoming | `From` | `To` | — (Passthru `DialWhomNumber`) |
 * | `outbound-api` (Connect API) | outgoing | `To` | the ExoPhone (`CallerId` / `PhoneNumberSid`) | `From` (the first leg dialled) |
 * | `outbound-dial` (a flow dialled out) | outgoing | the number that is not a support line (`To` when neither is) | the other | — |
 * | none (Zapier, custom senders) | outgoing when `From` is a support number, else incoming; with no support numbers configured, the payload's own direction, else incoming | `To` / `From` | `From` / `To` | — |
 *
 * Numbers are compared in E.164 (`09631084471`, `+919631084471` and `919631084471` match), and the call's
 * own ExoPhone counts as a support line.
 *
 * @example
 * ```ts
 * resolveParties({ callId: 'c1', source: 'exotel-status-callback', from: '09811122233', to: '09876543210', providerDirection: 'outbound-api', exophone: '09631084471' }, { supportNumbers: [], defaultRegion: 'IN' });
 * // { direction: 'outgoing', supportNumber: '09631084471', customerNumber: '09876543210', agentPhone: '09811122233' }
 * ```
 */
export function resolveParties(call: Pick<KnownCall, 'from' | 'to' | 'directionHint' | 'providerDirection' | 'exophone'>, options: PartiesOptions): CallParties {
  const same = (a: string, b: string) => samePhoneNumber(a, b, options.defaultRegion);
  const isSupportLine = (number: string) => options.supportNumbers.some((line) => same(number, line)) || (!!call.exophone && same(number, call.exophone));
  const { from, to } = call;
  switch (directionFamily(call.providerDirection)) {
    case 'inbound':
      return { direction: 'incoming', supportNumber: to, customerNumber: from };
    case 'outbound-api': {
      const fromIsLine = isSupportLine(from);
      const supportNumber = call.exophone ?? (fromIsLine ? from : options.supportNumbers[0]) ?? from;
      return { direction: 'outgoing', supportNumber, customerNumber: to, ...(fromIsLine ? {} : { agentPhone: from }) };
    }
    case 'outbound-dial':
      return !isSupportLine(from) && isSupportLine(to)
        ? { direction: 'outgoing', supportNumber: to, customerNumber: from }
        : { direction: 'outgoing', supportNumber: call.exophone ?? from, customerNumber: to };
    default: {
      const direction: CallDirection = options.supportNumbers.length > 0
        ? (isSupportLine(from) ? 'outgoing' : 'incoming')
        : (call.directionHint ?? 'incoming');
      return direction === 'outgoing'
        ? { direction, supportNumber: from, customerNumber: to }
        : { direction, supportNumber: to, customerNumber: from };
    }
  }
}
