import { CallwireError } from '../../errors.js';

/**
 * What Slack's error codes mean for whoever must fix them. Incoming-webhook codes:
 * https://api.slack.com/messaging/webhooks#handling_errors; Web API codes: each method's page
 * (https://api.slack.com/methods/chat.postMessage, /users.lookupByEmail, /conversations.history) and
 * https://api.slack.com/web#errors; `msg_blocks_too_long` is reported (https://github.com/slackapi/bolt-js/issues/2509).
 */
const reasons: Record<string, string> = {
  invalid_payload: 'Slack could not read the request body',
  invalid_blocks: 'a block breaks a Block Kit limit (section text over 3,000 characters, a header over 150, more than 50 blocks)',
  msg_blocks_too_long: 'the blocks of one message add up to more than Slack accepts (about 12,000 characters)',
  msg_too_long: 'the message text is longer than 40,000 characters',
  no_text: 'the message has neither text nor blocks',
  user_not_found: 'the user named in the request does not exist',
  action_prohibited: 'a workspace admin restricts this webhook from posting here',
  posting_to_general_channel_denied: 'only admins may post to this #general channel',
  channel_not_found: 'the channel does not exist, or the app cannot see it (private channels need the app invited)',
  no_service: 'the incoming webhook was disabled, revoked or removed — create a new one',
  channel_is_archived: 'the channel is archived',
  is_archived: 'the channel is archived',
  not_in_channel: 'the bot is not a member of the channel — invite it (/invite @your-app) or grant chat:write.public',
  invalid_auth: 'the bot token is not valid',
  not_authed: 'no bot token was sent',
  token_revoked: 'the bot token was revoked (the app was removed or its token rotated)',
  token_expired: 'the bot token expired',
  account_inactive: 'the token belongs to a deactivated user or workspace',
  missing_scope: 'the bot token lacks a scope this call needs',
  invalid_thread_ts: 'the thread to reply in does not exist in this channel',
  thread_not_found: 'the thread does not exist in this channel',
  invalid_metadata_format: 'the message metadata is not valid JSON with event_type and event_payload',
  restricted_action: 'a workspace preference prevents the app from posting',
  restricted_action_read_only_channel: 'the channel is read-only',
  restricted_action_thread_only_channel: 'the channel accepts thread replies only',
  ekm_access_denied: 'administrators have suspended posting (EKM)',
  users_not_found: 'no Slack user has this e-mail address',
};

/** Web API errors Slack answers inside a 200 that are worth retrying (https://api.slack.com/web#errors). */
const transientWebApiErrors = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org', 'ratelimited']);

/** Slack's error code with what it means, e.g. `channel_not_found (the channel does not exist, …)`. */
export function explainSlackError(code: string): string {
  const reason = reasons[code];
  return reason ? `${code} (${reason})` : code;
}

/**
 * Turns an incoming webhook's error answer into a {@link CallwireError}: 429 → `rate_limited` with
 * `Retry-After`; 5xx and 408 → retryable `provider_error`; every other answer (`invalid_payload`, `invalid_blocks`,
 * `msg_blocks_too_long`, `no_text`, `action_prohibited`, `posting_to_general_channel_denied`, `channel_not_found`,
 * `no_service`, `channel_is_archived`, …) → permanent `provider_rejected`, with Slack's code and what it means.
 *
 * @example
 * ```ts
 * slackWebhookError(404, 'no_service').message; // 'Slack answered 404: no_service (the incoming webhook was disabled, …)'
 * ```
 */
export function slackWebhookError(status: number, body: string, options: { retryAfterMs?: number; cause?: unknown } = {}): CallwireError {
  const code = body.trim().slice(0, 100);
  const base = { provider: 'slack', providerStatus: status, cause: options.cause };
  if (status === 429) {
    return new CallwireError('rate_limited', `Slack rate-limited the webhook (429${code ? `: ${code}` : ''}).`, { ...base, retryAfterMs: options.retryAfterMs });
  }
  if (status >= 500 || status === 408) {
    return new CallwireError('provider_error', `Slack answered ${status}: ${code || 'no body'}`, { ...base, retryable: true });
  }
  return new CallwireError('provider_rejected', `Slack answered ${status}: ${code ? explainSlackError(code) : 'no body'}`, { ...base, retryable: false });
}

/** The shape of the errors `@slack/web-api` throws (its `ErrorCode` values; see `@slack/web-api/dist/errors.js`). */
interface WebApiErrorLike {
  code?: string;
  message?: string;
  /** `slack_webapi_platform_error`: the `{ ok: false, error }` envelope. */
  data?: { error?: string; needed?: string };
  /** `slack_webapi_rate_limited_error`: seconds from `Retry-After`. */
  retryAfter?: number;
  /** `slack_webapi_http_error`. */
  statusCode?: number;
}

/**
 * Turns an error thrown by `@slack/web-api`'s `WebClient` into a {@link CallwireError}: a 429 (`ratelimited`,
 * surfaced by `rejectRateLimitedCalls`) → `rate_limited` with its `Retry-After`; network failures, HTTP 5xx and
 * Slack's transient envelopes (`internal_error`, `fatal_error`, `service_unavailable`, `request_timeout`) →
 * retryable `provider_error`; every other `{ ok: false, error }` (`channel_not_found`, `not_in_channel`,
 * `invalid_auth`, `missing_scope`, `msg_blocks_too_long`, …) → permanent `provider_rejected` naming the code.
 *
 * @example
 * ```ts
 * slackWebApiError(Object.assign(new Error('An API error occurred: not_in_channel'), { code: 'slack_webapi_platform_error', data: { ok: false, error: 'not_in_channel' } }), 'chat.postMessage').retryable; // false
 * ```
 */
export function slackWebApiError(error: unknown, method: string): CallwireError {
  const e = (error ?? {}) as WebApiErrorLike;
  const base = { provider: 'slack', cause: error };
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return new CallwireError('rate_limited', `Slack rate-limited ${method} (429 ratelimited).`, { ...base, providerStatus: 429, retryAfterMs: (e.retryAfter ?? 1) * 1000 });
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      const needed = code === 'missing_scope' && e.data?.needed ? `; needed: ${e.data.needed}` : '';
      if (transientWebApiErrors.has(code)) return new CallwireError('provider_error', `Slack failed ${method} (${code}); it will be retried.`, { ...base, retryable: true });
      return new CallwireError('provider_rejected', `Slack refused ${method}: ${explainSlackError(code)}${needed}.`, { ...base, retryable: false });
    }
    case 'slack_webapi_http_error': {
      const status = e.statusCode ?? 0;
      const retryable = status >= 500 || status === 408;
      return new CallwireError(retryable ? 'provider_error' : 'provider_rejected', `Slack answered ${method} with HTTP ${status}.`, { ...base, providerStatus: status, retryable });
    }
    default:
      return new CallwireError('provider_error', `Slack could not be reached for ${method}: ${e.message ?? String(error)}`, { ...base, retryable: true });
  }
}
