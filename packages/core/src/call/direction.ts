import { samePhoneNumber, type CountryCode } from '../phone.js';
import type { CallDirection, CallInput } from './types.js';

/** Who is who on a call. Numbers are kept as they arrived. */
export interface CallParties {
  direction: CallDirection;
  supportNumber: string;
  customerNumber: string;
}

/**
 * Decides a call's direction by the support numbers (compared in E.164, so `09631084471`,
 * `+919631084471` and `919631084471` match): a call *from* a support number is outgoing (support =
 * from, customer = to); any other call is incoming (support = to, customer = from). With no support
 * numbers configured, the payload's own direction decides, and a call is incoming when it says nothing.
 *
 * @example
 * ```ts
 * resolveParties({ from: '09631084471', to: '+919876543210', ... }, { supportNumbers: ['+919631084471'] });
 * // { direction: 'outgoing', supportNumber: '09631084471', customerNumber: '+919876543210' }
 * ```
 */
export function resolveParties(
  call: Pick<CallInput, 'from' | 'to' | 'directionHint'>,
  options: { supportNumbers: readonly string[]; defaultRegion: CountryCode },
): CallParties {
  const fromSupport = options.supportNumbers.some((number) => samePhoneNumber(call.from, number, options.defaultRegion));
  const direction: CallDirection = options.supportNumbers.length > 0
    ? (fromSupport ? 'outgoing' : 'incoming')
    : (call.directionHint ?? 'incoming');
  return direction === 'outgoing'
    ? { direction, supportNumber: call.from, customerNumber: call.to }
    : { direction, supportNumber: call.to, customerNumber: call.from };
}
