import { describe, it } from 'vitest';
import { toNodeListener } from '@callwire/core';
import { directSender, fetchSender, listen, runAdapterConformance } from '@callwire/core/testing';

runAdapterConformance({
  name: 'plain handler(new Request(...))',
  describe,
  it,
  serve: async ({ makeHandler, basePath }) => ({ send: directSender(makeHandler({ basePath })) }),
});

runAdapterConformance({
  name: 'node:http via toNodeListener',
  describe,
  it,
  async serve({ makeHandler, basePath }) {
    const server = await listen(toNodeListener(makeHandler({ basePath })));
    return { send: fetchSender(server.url), close: server.close };
  },
});

runAdapterConformance({
  name: 'node:http at the root',
  basePath: '',
  describe,
  it,
  async serve({ makeHandler }) {
    const server = await listen(toNodeListener(makeHandler()));
    return { send: fetchSender(server.url), close: server.close };
  },
});
