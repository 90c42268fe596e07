import * as z from 'zod';
import { kind } from '../../option-kinds.js';
import { parseOptions } from '../../options.js';

function build() {
  return z.object({
    apiKey: kind.secret(),
    baseUrl: kind.url(['https:'], true).optional(),
    languageDetection: z.boolean({ error: 'must be true or false' }).optional(),
    languageCode: kind.text('must be a language code such as en_us').optional(),
    redactPii: z.object({ policies: z.array(z.string(), { error: 'must be a list of PII policies' }).min(1, 'must name at least one policy'), substitution: z.string().optional() }, { error: 'must be { policies, substitution? }' }).optional(),
    params: kind.object('AssemblyAI transcript parameters').optional(),
    pollIntervalMs: kind.ms(1).optional(),
    maxPollIntervalMs: kind.ms(1).optional(),
    deadlineMs: kind.ms(1).optional(),
    requestTimeoutMs: kind.ms(1).optional(),
    webhook: kind.object('{ url, secret, timeoutMs? }').optional(),
  });
}

let schema: ReturnType<typeof build> | undefined;

/** Checks every `assemblyAITranscriber` option at construction (a `TypeError` naming the first bad one; `webhook` is checked in depth by its own module). */
export const checkAssemblyAIOptions = (options: unknown): void => void parseOptions((schema ??= build()), options, 'assemblyAITranscriber');
