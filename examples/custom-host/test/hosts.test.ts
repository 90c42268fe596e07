import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toNodeListener } from '@callwire/core';
import { listen, samplePayloads, slackMessageText } from '@callwire/core/testing';
import { createCallwire } from '../src/callwire.js';
import { honoApp } from '../src/hono-app.js';
import { nodeServer } from '../src/node-app.js';

const zapier = samplePayloads.zapierCall.body;
const dir = mkdtempSync(join(tmpdir(), 'callwire-custom-host-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hosts = [
  {
    name: 'node:http via toNodeListener',
    prefix: '',
    async start() {
      const callwire = await createCallwire({ filename: join(dir, 'node.db') });
      const server = nodeServer(callwire.handler);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      return { callwire, url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
    },
  },
  {
    name: 'Hono under /callwire',
    prefix: '/callwire',
    async start() {
      const callwire = await createCallwire({ filename: join(dir, 'hono.db'), basePath: '/callwire' });
      const app = honoApp(callwire.handler);
      const server = await listen(toNodeListener(async (request: Request) => app.fetch(request)));
      return { callwire, url: server.url, close: server.close };
    },
  },
];

describe.each(hosts)('examples/custom-host: $name', (host) => {
  it('accepts a Zapier call, posts it to Slack once, and answers /health', async () => {
    const { callwire, url, close } = await host.start();
    try {
      const post = () => fetch(`${url}${host.prefix}/webhook/zapier`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: zapier });
      const first = await post();
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ success: true, call_id: 'c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90' });
      expect(((await (await post()).json()) as { message: string }).message).toMatch(/duplicate/i);
      await callwire.worker.drain();
      expect(callwire.sandbox.fakes.slack.messages).toHaveLength(1);
      expect(slackMessageText(callwire.sandbox.fakes.slack.messages[0]!)).toContain('📞 Support Number:\n09631084471');
      const health = await fetch(`${url}${host.prefix}/health`);
      expect(((await health.json()) as { status: string }).status).toBe('healthy');
      expect((await fetch(`${url}${host.prefix}/no-such-route`)).status).toBe(404);
    } finally {
      await close();
      await callwire.close();
    }
  });
});

it('Hono keeps its own routes beside callwire', async () => {
  const callwire = await createCallwire({ filename: join(dir, 'own.db'), basePath: '/callwire' });
  try {
    const response = await honoApp(callwire.handler).request('/');
    expect(await response.text()).toContain('callwire is under /callwire');
  } finally {
    await callwire.close();
  }
});
