/**
 * The Lambda entry points named in `template.yaml`: `handlers.webhook`, `handlers.sqs`,
 * `handlers.scheduled`. Built once per container from the environment.
 */
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { exotelRecordings } from '@callwire/core/exotel';
import { slackWebhookNotifier } from '@callwire/core/slack';
import { createPostgresStore } from '@callwire/store-postgres';
import { createFunctions } from './functions.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} in the function's environment (see template.yaml).`);
  return value;
}

const functions = createFunctions({
  // Few connections per container: Lambda scales by containers. Put RDS Proxy in front at scale.
  store: createPostgresStore({ connectionString: required('DATABASE_URL'), maxConnections: 2 }),
  providers: {
    recordings: exotelRecordings({ apiKey: required('EXOTEL_API_KEY'), apiToken: required('EXOTEL_API_TOKEN') }),
    transcriber: assemblyAITranscriber({ apiKey: required('ASSEMBLYAI_API_KEY') }),
    notifier: slackWebhookNotifier({ url: required('SLACK_WEBHOOK_URL') }),
  },
  webhookSecret: process.env.WEBHOOK_SECRET,
  operatorSecret: process.env.OPERATOR_SECRET,
  elevenLabsSecret: process.env.ELEVENLABS_WEBHOOK_SECRET,
  supportNumbers: process.env.SUPPORT_NUMBERS?.split(','),
});

export const webhook = functions.webhook;
export const sqs = functions.sqs;
export const scheduled = functions.scheduled;
