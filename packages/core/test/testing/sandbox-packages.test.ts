import { describe, expect, it } from 'vitest';
import { sandboxPackages } from '@callwire/core/testing';
import { requireSandboxPackages } from '../../src/testing/sandbox-packages.js';

/** A loader for which `absent` packages are not installed, failing as Node's ESM and CommonJS loaders do. */
const loaderWithout = (absent: Record<string, 'ERR_MODULE_NOT_FOUND' | 'MODULE_NOT_FOUND'>) => async (name: string) => {
  const code = absent[name];
  if (!code) return {};
  const message = code === 'MODULE_NOT_FOUND' ? `Cannot find module '${name}'` : `Cannot find package '${name}' imported from /app/node_modules/@callwire/core/dist/testing.js`;
  throw Object.assign(new Error(message), { code });
};

describe('createSandbox() packages', () => {
  it('are all installed here, so the sandbox starts', async () => {
    await expect(requireSandboxPackages()).resolves.toBeUndefined();
  });

  it('missing ones are named together, with the command that installs them (ESM and CommonJS loader errors)', async () => {
    const load = loaderWithout({ 'smtp-server': 'ERR_MODULE_NOT_FOUND', twilio: 'MODULE_NOT_FOUND' });
    await expect(requireSandboxPackages(load)).rejects.toThrow(/not installed: twilio, smtp-server\. Add them as dev dependencies: npm i -D twilio smtp-server$/);
  });

  it('a package whose own dependency is missing, or that fails otherwise, fails with its own error', async () => {
    const deep = async (name: string) => {
      if (name === 'twilio') throw Object.assign(new Error("Cannot find module 'axios'"), { code: 'MODULE_NOT_FOUND' });
    };
    await expect(requireSandboxPackages(deep)).rejects.toThrow("Cannot find module 'axios'");
  });

  it('lists every SDK the sandbox drives and the SMTP server', () => {
    expect([...sandboxPackages].sort()).toEqual(['@googleapis/calendar', '@slack/web-api', '@slack/webhook', 'assemblyai', 'nodemailer', 'smtp-server', 'twilio']);
  });
});
