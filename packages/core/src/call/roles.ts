import type { CallDirection, SpeakerRole, Transcript, TranscriptLine } from './types.js';

/**
 * Decides which mono-recording speaker label is the agent and which the customer. Receives the
 * labels in order of first appearance.
 */
export type RoleHeuristic = (context: { direction: CallDirection; speakers: readonly string[] }) => Record<string, SpeakerRole>;

/**
 * The default heuristic for mono recordings: on an incoming call the support line answers, so the
 * first speaker is the agent; on an outgoing call the customer answers, so the first speaker is the
 * customer. Every other speaker takes the other role.
 */
export const firstSpeakerHeuristic: RoleHeuristic = ({ direction, speakers }) => {
  const first: SpeakerRole = direction === 'incoming' ? 'Agent' : 'Customer';
  const other: SpeakerRole = first === 'Agent' ? 'Customer' : 'Agent';
  return Object.fromEntries(speakers.map((speaker, index) => [speaker, index === 0 ? first : other]));
};

/** Options of {@link labelTranscript}. */
export interface RoleOptions {
  direction: CallDirection;
  /** For mono recordings (default {@link firstSpeakerHeuristic}). */
  heuristic?: RoleHeuristic;
  /** For dual-channel recordings: the agent's channel (default 1, the left; Exotel records the agent there). */
  agentChannel?: 1 | 2;
}

/**
 * Gives each utterance its role: by channel for dual-channel audio, by the heuristic for mono.
 * A transcript without utterances becomes one unlabelled line.
 */
export function labelTranscript(transcript: Transcript, options: RoleOptions): TranscriptLine[] {
  const utterances = transcript.utterances.filter((u) => u.text.trim() !== '');
  if (utterances.length === 0) return transcript.text.trim() ? [{ speaker: '', text: transcript.text.trim() }] : [];
  if (transcript.channels === 2) {
    const agentChannel = options.agentChannel ?? 1;
    // Roles come from the audio channel alone (AssemblyAI gives each multichannel utterance its `channel`);
    // an utterance without one keeps its provider label rather than a guessed role.
    return utterances.map((u) => ({
      speaker: u.channel === undefined ? `Speaker ${u.speaker}` : u.channel === agentChannel ? 'Agent' : 'Customer',
      text: u.text.trim(),
    }));
  }
  const speakers = [...new Set(utterances.map((u) => u.speaker))];
  const roles = (options.heuristic ?? firstSpeakerHeuristic)({ direction: options.direction, speakers });
  return utterances.map((u) => ({ speaker: roles[u.speaker] ?? `Speaker ${u.speaker}`, text: u.text.trim() }));
}
