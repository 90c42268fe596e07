import { formatCallTime } from '../../call/time.js';
import type { CallMinutes } from '../../call/types.js';
import { chunkLines, escapeCode, escapeMrkdwn, formatDuration } from './mrkdwn.js';
import { slackLimits, type SlackLimits, type SlackMessage, type SlackSectionBlock } from './types.js';

const section = (text: string): SlackSectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const labelled = (label: string, value: string) => section(`${label}\n${value}`);
const fence = (body: string) => `\`\`\`\n${body}\n\`\`\``;
const fenceOverhead = fence('').length;
const noRecording = 'No recording';

/**
 * The default MOM layout (`mom-format.md`): support number, customer number, concern, agent (a
 * real `<@U…>` mention when known), department, timestamp, call metadata, the full transcription in
 * code blocks, and the recording note — one section each, in that order. A long transcript
 * continues in further sections and, past one message, in follow-up messages numbered `(2/3)`, `(3/3)`;
 * nothing is cut.
 *
 * @example
 * ```ts
 * const [message] = formatMinutesForSlack(minutes, slackLimits);
 * await new IncomingWebhook(url).send(message);
 * ```
 */
export function formatMinutesForSlack(minutes: CallMinutes, limits: SlackLimits = slackLimits): SlackMessage[] {
  const head = headSections(minutes);
  const transcriptLabel = '📝 Full Transcription:';
  const recording = labelled('🎧 Recording/Voice Note:', minutes.recording === 'transcribed' ? 'Recording processed and transcribed above' : noRecording);
  if (minutes.recording === 'none' || minutes.lines.length === 0) {
    const body = minutes.recording === 'none' ? noRecording : 'The recording had no speech.';
    return [{ text: fallbackText(minutes), blocks: [...head, labelled(transcriptLabel, body), recording] }];
  }

  const lines = minutes.lines.map((line) => escapeCode(line.speaker ? `${line.speaker}: ${line.text}` : line.text));
  // Room for the longest label ("📝 Full Transcription (12/12):\n") in every chunk keeps all sections under the cap.
  const chunks = chunkLines(lines, limits.sectionChars - fenceOverhead - 40);
  const singleBlocks = head.length + chunks.length + 1;
  const singleChars = [...head, recording].reduce((n, b) => n + b.text.text.length, 0) + chunks.reduce((n, c) => n + c.length + fenceOverhead, 0) + transcriptLabel.length;
  if (singleBlocks <= limits.blocksPerMessage && singleChars <= limits.messageChars) {
    const transcript = chunks.map((chunk, i) => section(i === 0 ? `${transcriptLabel}\n${fence(chunk)}` : fence(chunk)));
    return [{ text: fallbackText(minutes), blocks: [...head, ...transcript, recording] }];
  }
  return splitMessages(minutes, head, chunks, limits);
}

/** Packs transcript chunks into a first message (with the whole layout) and numbered follow-ups. */
function splitMessages(minutes: CallMinutes, head: SlackSectionBlock[], chunks: string[], limits: SlackLimits): SlackMessage[] {
  const headChars = head.reduce((n, b) => n + b.text.text.length, 0);
  const groups: string[][] = [];
  let group: string[] = [];
  let room = { blocks: limits.blocksPerMessage - head.length - 2, chars: limits.messageChars - headChars - 200 };
  for (const chunk of chunks) {
    const size = chunk.length + fenceOverhead + 40;
    if (group.length > 0 && (group.length >= room.blocks || size > room.chars)) {
      groups.push(group);
      group = [];
      room = { blocks: limits.blocksPerMessage - 1, chars: limits.messageChars - 200 };
    }
    group.push(chunk);
    room.chars -= size;
  }
  groups.push(group);
  const total = groups.length;
  return groups.map((chunkGroup, index) => {
    const label = `📝 Full Transcription (${index + 1}/${total}):`;
    const transcript = chunkGroup.map((chunk, i) => section(i === 0 ? `${label}\n${fence(chunk)}` : fence(chunk)));
    if (index === 0) {
      const note = `Recording processed and transcribed above; the transcript continues in ${total - 1} follow-up message${total > 2 ? 's' : ''} (2/${total}…${total}/${total}).`;
      return { text: `${fallbackText(minutes)} (1/${total})`, blocks: [...head, ...transcript, labelled('🎧 Recording/Voice Note:', note)] };
    }
    return { text: `(${index + 1}/${total}) Transcript of call ${minutes.callId}, continued`, blocks: transcript };
  });
}

function headSections(m: CallMinutes): SlackSectionBlock[] {
  const agentName = m.agent.name ? escapeMrkdwn(m.agent.name) : undefined;
  const agent = m.agent.slackUserId ? `<@${m.agent.slackUserId}>${agentName ? ` (${agentName})` : ''}` : (agentName ?? 'Unassigned');
  const concern = m.concern ? escapeMrkdwn(m.concern) : m.recording === 'none' ? noRecording : 'Not identified';
  const metadata = [
    `• Call ID: \`${escapeMrkdwn(m.callId)}\``,
    `• Duration: ${m.durationSeconds === undefined ? 'Unknown' : formatDuration(m.durationSeconds)}`,
    m.status ? `• Status: ${escapeMrkdwn(m.status)}` : undefined,
    `• Direction: ${m.direction}`,
    agentName ? `• Agent: ${agentName}` : undefined,
    m.customerSegment ? `• Customer Segment: ${escapeMrkdwn(m.customerSegment)}` : undefined,
  ].filter((line): line is string => line !== undefined);
  return [
    labelled('📞 Support Number:', escapeMrkdwn(m.supportNumber)),
    labelled('📱 Candidate/Customer Number:', escapeMrkdwn(m.customerNumber)),
    labelled('❗ Concern:', concern),
    labelled('👤 CS Agent:', agent),
    labelled('🏢 Department:', m.department ? escapeMrkdwn(m.department) : 'Not specified'),
    labelled('⏰ Timestamp:', m.timestamp ? formatCallTime(m.timestamp, m.timeZone) : 'Unknown'),
    labelled('📋 Call Metadata:', metadata.join('\n')),
  ];
}

/** The one-line notification text. */
function fallbackText(m: CallMinutes): string {
  const who = escapeMrkdwn(m.agent.name ?? 'no agent');
  const kind = m.missed ? `Missed ${m.direction} call` : `${m.direction === 'incoming' ? 'Incoming' : 'Outgoing'} call`;
  const duration = m.durationSeconds === undefined ? '' : `, ${formatDuration(m.durationSeconds)}`;
  return `📞 ${kind} with ${escapeMrkdwn(m.customerNumber)} (${who}${m.department ? `, ${escapeMrkdwn(m.department)}` : ''}${duration}) — minutes of meeting`;
}
