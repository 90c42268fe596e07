import { formatCallTime } from '../../time/format.js';
import type { CallMinutes } from '../../call/types.js';
import { escapeCode, escapeMrkdwn, formatDuration } from './mrkdwn.js';
import { packTranscript } from './pack-transcript.js';
import { blocksSize, slackLimits, type SlackLimits, type SlackMessage, type SlackSectionBlock } from './types.js';

const section = (text: string): SlackSectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const labelled = (label: string, value: string) => section(`${label}\n${value}`);
const fence = (body: string) => `\`\`\`\n${body}\n\`\`\``;
const fenceOverhead = fence('').length;
/** Room for the longest transcript label ("📝 Full Transcription (123/123):\n") in a message's first section. */
const labelRoom = 40;
const noRecording = 'No recording';
const transcriptLabel = '📝 Full Transcription:';
const recordingLabel = '🎧 Recording/Voice Note:';
const transcribedNote = 'Recording processed and transcribed above';

/**
 * The default MOM layout (`mom-format.md`): support number, customer number, concern, agent (a
 * real `<@U…>` mention when known), department, timestamp, call metadata, the full transcription in
 * code blocks, and the recording note — one section each, in that order. A long transcript
 * continues in further sections and, past one message, in follow-up messages numbered `(2/3)`, `(3/3)`;
 * nothing is cut. Every message stays within `limits` (default {@link slackLimits}: sections ≤ 3,000
 * characters, ≤ 50 blocks, the blocks' cumulative size under Slack's ~12,000 with a margin).
 *
 * @example
 * ```ts
 * const [message] = formatMinutesForSlack(minutes);
 * await new IncomingWebhook(url).send(message);
 * ```
 */
export function formatMinutesForSlack(minutes: CallMinutes, limits: Partial<SlackLimits> = slackLimits): SlackMessage[] {
  const caps: SlackLimits = { ...slackLimits, ...limits };
  const head = headSections(minutes);
  const text = fallbackText(minutes, caps.textChars);
  if (minutes.recording === 'none' || minutes.lines.length === 0) {
    const body = minutes.recording === 'none' ? noRecording : 'The recording had no speech.';
    return [{ text, blocks: [...head, labelled(transcriptLabel, body), labelled(recordingLabel, minutes.recording === 'transcribed' ? transcribedNote : noRecording)] }];
  }

  const lines = minutes.lines.map((line) => escapeCode(line.speaker ? `${line.speaker}: ${line.text}` : line.text));
  // The first message keeps room for the longest recording note it may carry (a split one).
  const fixed = [...head, labelled(recordingLabel, splitNote(999))];
  const firstRoom = { chars: caps.messageChars - blocksSize(fixed, caps), blocks: caps.blocksPerMessage - fixed.length };
  const groups = packTranscript(lines, firstRoom, caps, { fenceChars: fenceOverhead, labelChars: labelRoom });
  const total = groups.length;
  return groups.map((sections, index) => {
    const label = total === 1 ? transcriptLabel : `📝 Full Transcription (${index + 1}/${total}):`;
    const transcript = sections.map((lines, i) => section(i === 0 ? `${label}\n${fence(lines.join('\n'))}` : fence(lines.join('\n'))));
    if (index === 0) {
      const recording = labelled(recordingLabel, total === 1 ? transcribedNote : splitNote(total));
      return { text: total === 1 ? text : `${truncate(text, caps.textChars - 8)} (1/${total})`, blocks: [...head, ...transcript, recording] };
    }
    return { text: `(${index + 1}/${total}) Transcript of call ${shown(minutes.callId)}, continued`, blocks: transcript };
  });
}

/** The recording note of a first message whose transcript continues in `total - 1` follow-ups. */
function splitNote(total: number): string {
  return `Recording processed and transcribed above; the transcript continues in ${total - 1} follow-up message${total > 2 ? 's' : ''} (2/${total}…${total}/${total}).`;
}

/** `text` cut to `max` characters (with an ellipsis when cut). */
function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

function headSections(m: CallMinutes): SlackSectionBlock[] {
  const agentName = m.agent.name ? shown(m.agent.name) : undefined;
  const agent = m.agent.slackUserId ? `<@${m.agent.slackUserId}>${agentName ? ` (${agentName})` : ''}` : (agentName ?? 'Unassigned');
  const concern = m.concern ? shown(m.concern) : m.recording === 'none' ? noRecording : 'Not identified';
  const metadata = [
    `• Call ID: \`${shown(m.callId)}\``,
    `• Duration: ${m.durationSeconds === undefined ? 'Unknown' : formatDuration(m.durationSeconds)}`,
    m.status ? `• Status: ${shown(m.status)}` : undefined,
    `• Direction: ${m.direction}`,
    agentName ? `• Agent: ${agentName}` : undefined,
    m.customerSegment ? `• Customer Segment: ${shown(m.customerSegment)}` : undefined,
  ].filter((line): line is string => line !== undefined);
  return [
    labelled('📞 Support Number:', shown(m.supportNumber)),
    labelled('📱 Candidate/Customer Number:', shown(m.customerNumber)),
    labelled('❗ Concern:', concern),
    labelled('👤 CS Agent:', agent),
    labelled('🏢 Department:', m.department ? shown(m.department) : 'Not specified'),
    labelled('⏰ Timestamp:', m.timestamp ? formatCallTime(m.timestamp, m.timeZone) : 'Unknown'),
    labelled('📋 Call Metadata:', metadata.join('\n')),
  ];
}

/**
 * A payload value as the MOM shows it: escaped, and cut to 200 characters (a concern is at most 200 already),
 * so that no head section can outgrow Slack's 3,000-character section limit whatever a payload carries.
 */
function shown(value: string): string {
  return escapeMrkdwn(truncate(value, 200));
}

/** The one-line notification text, at most `max` characters. */
function fallbackText(m: CallMinutes, max: number): string {
  const who = m.agent.name ? shown(m.agent.name) : 'no agent';
  const kind = m.missed ? `Missed ${m.direction} call` : `${m.direction === 'incoming' ? 'Incoming' : 'Outgoing'} call`;
  const duration = m.durationSeconds === undefined ? '' : `, ${formatDuration(m.durationSeconds)}`;
  return truncate(`📞 ${kind} with ${shown(m.customerNumber)} (${who}${m.department ? `, ${shown(m.department)}` : ''}${duration}) — minutes of meeting`, max);
}
