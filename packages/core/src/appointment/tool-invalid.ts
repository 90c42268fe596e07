import { CallwireError, errorCodes, isCallwireError, type FieldIssue } from '../errors.js';
import { json } from '../http/route.js';

/**
 * The query parameter that chooses how a tool route answers a payload that fails validation:
 * `error` (default) — 422 with the field paths, the contract for ordinary HTTP clients; `result` — 200
 * with `status: 'invalid'`, for ElevenLabs, which hands a tool's 2xx answer to the agent but hides an
 * error answer under its default error-handling mode (`auto` = `hide` for webhook tools).
 */
export const answerInvalidAsParameter = 'answer_invalid_as';

/** A refused tool call: the reasons, per field, and one sentence for the agent to say. */
export interface InvalidToolAnswer {
  status: 'invalid';
  error: 'invalid_payload';
  message: string;
  issues: FieldIssue[];
  agent_message: string;
}

/** The sentence the agent reads out: every reason, as validation wrote them for a caller. */
export function invalidAgentMessage(issues: readonly FieldIssue[], fallback: string): string {
  const reasons = issues.length > 0 ? issues.map((issue) => issue.message).join(' ') : fallback;
  return `The booking was not made yet. ${reasons}`;
}

function answerMode(url: URL): 'error' | 'result' {
  const value = url.searchParams.get(answerInvalidAsParameter);
  if (value === null || value === 'error') return 'error';
  if (value === 'result') return 'result';
  throw new CallwireError('bad_request', `${answerInvalidAsParameter} must be "error" or "result".`, {
    issues: [{ path: answerInvalidAsParameter, message: 'Expected "error" or "result".' }],
  });
}

/**
 * Runs a tool route: an `invalid_payload` failure becomes a 422 with `issues` and `agent_message`, or,
 * with `?answer_invalid_as=result`, a 200 {@link InvalidToolAnswer}. Every other failure is thrown on.
 *
 * @example
 * ```ts
 * handle: ({ body, url }) => answerTool(url, async () => json(await bookFromTool(ctx, body)))
 * ```
 */
export async function answerTool(url: URL, run: () => Promise<Response>): Promise<Response> {
  const mode = answerMode(url);
  try {
    return await run();
  } catch (error) {
    if (!isCallwireError(error) || error.code !== 'invalid_payload') throw error;
    const body: Omit<InvalidToolAnswer, 'status'> = { error: 'invalid_payload', message: error.message, issues: error.issues, agent_message: invalidAgentMessage(error.issues, error.message) };
    return mode === 'result' ? json({ status: 'invalid', ...body } satisfies InvalidToolAnswer) : json(body, errorCodes.invalid_payload.status);
  }
}
