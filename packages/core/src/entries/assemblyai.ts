/** @callwire/core/assemblyai — transcription with speaker labels on AssemblyAI (the `assemblyai` SDK). */
export { assemblyAITranscriber } from '../providers/assemblyai/transcriber.js';
export type { AssemblyAITranscriberOptions } from '../providers/assemblyai/transcriber.js';
