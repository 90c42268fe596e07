import { expect, it } from 'vitest';
import { emptyStats } from '@callwire/core';
import { legacyStats } from '../../src/http/builtin-routes.js';

it('/stats counts waiting calls as in progress, and on their own', () => {
  const stats = emptyStats();
  stats.add('calls', 'waiting', 3);
  stats.add('calls', 'running', 1);
  stats.add('calls', 'queued', 2);
  stats.add('calls', 'succeeded', 4);
  stats.add('appointments', 'waiting', 7);
  expect(legacyStats(stats.result())).toMatchObject({ total_processed: 10, successfully_posted: 4, in_progress: 6, waiting: 3, jobs: { waiting: 10 } });
});
