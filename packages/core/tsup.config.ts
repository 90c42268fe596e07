import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

/**
 * One entry per public subpath; each provider SDK is imported only by its own entry.
 *
 * zod is bundled into the build (`noExternal`), not installed beside it: imported as a package it is ~40 ES modules
 * and its 50 locales, which took most of `import '@callwire/core'` (zod alone ~55 ms of ~75 on the bench machine);
 * bundled and tree-shaken it is one chunk of the parts the schemas use. No zod type or value is part of core's
 * public API (errors are recognised by name, not by class), so a user's own zod never meets this copy. Its licence
 * is in THIRD_PARTY_LICENSES.md, shipped with the package.
 */
export default defineConfig({
  ...packageBuild({
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
  noExternal: ['zod'],
});
