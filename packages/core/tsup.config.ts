import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

/** One entry per public subpath; each provider SDK is imported only by its own entry. */
export default defineConfig(
  packageBuild({
    index: 'src/index.ts',
    testing: 'src/entries/testing.ts',
    assemblyai: 'src/entries/assemblyai.ts',
    slack: 'src/entries/slack.ts',
    exotel: 'src/entries/exotel.ts',
    'google-calendar': 'src/entries/google-calendar.ts',
    twilio: 'src/entries/twilio.ts',
    nodemailer: 'src/entries/nodemailer.ts',
    'bin/booking-schema': 'src/bin/booking-schema.ts',
  }),
);
