import type { CountryCode } from '../phone.js';
import { resolveAgent, type AgentEntry } from './agents.js';
import { concernOf } from './concern.js';
import { resolveParties } from './direction.js';
import { labelTranscript, type RoleHeuristic } from './roles.js';
import type { CallInput, CallMinutes, KnownCall, Transcript } from './types.js';

/** Statuses of calls nobody answered. */
const missedStatuses = new Set(['no-answer', 'busy', 'failed', 'canceled', 'cancelled', 'missed', 'incomplete', 'not-answered', 'client-hangup', 'call-attempt']);

/** True for a missed or unanswered call: a "not answered" status, or no recording and no talk time. */
export function isMissedCall(call: CallInput): boolean {
  if (call.status && missedStatuses.has(call.status)) return true;
  return !call.recordingUrl && !call.presignedRecordingUrl && (call.durationSeconds ?? 0) === 0;
}

/** What {@link buildMinutes} needs from the pipeline's configuration. */
export interface MinutesConfig {
  supportNumbers: readonly string[];
  defaultRegion: CountryCode;
  agents: readonly AgentEntry[];
  timeZone: string;
  roleHeuristic?: RoleHeuristic;
  agentChannel?: 1 | 2;
}

/**
 * Resolves everything the MOM shows: direction and numbers, the agent (directory), the department
 * (the payload's, else the agent's), speaker roles and the customer's concern.
 */
export function buildMinutes(call: KnownCall, transcript: Transcript | undefined, config: MinutesConfig): CallMinutes {
  const parties = resolveParties(call, config);
  // A Connect-API call's first leg is the agent's own phone: it finds the agent when the payload names none.
  const hint = parties.agentPhone && !call.agent?.phone ? { ...call.agent, phone: parties.agentPhone } : call.agent;
  const agent = resolveAgent(hint, config.agents, config.defaultRegion);
  const lines = transcript ? labelTranscript(transcript, { direction: parties.direction, heuristic: config.roleHeuristic, agentChannel: config.agentChannel }) : [];
  const minutes: CallMinutes = {
    callId: call.callId,
    direction: parties.direction,
    supportNumber: parties.supportNumber,
    customerNumber: parties.customerNumber,
    agent: { name: agent.name, slackUserId: agent.slackUserId, email: agent.email },
    department: call.department ?? agent.department,
    customerSegment: call.customerSegment,
    timestamp: call.startedAt,
    timeZone: config.timeZone,
    durationSeconds: call.durationSeconds,
    status: call.status,
    missed: isMissedCall(call),
    recording: transcript ? 'transcribed' : 'none',
    lines,
    concern: concernOf(lines),
  };
  return JSON.parse(JSON.stringify(minutes)) as CallMinutes;
}
