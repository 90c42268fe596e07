import { signElevenLabsBody } from '@callwire/core/testing';

/** POSTs `body` to `baseUrl + path`; signs it as ElevenLabs does when `secret` is given. */
export async function post(baseUrl: string, path: string, body: string, type: string, secret?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': type };
  if (secret) headers['elevenlabs-signature'] = signElevenLabsBody(body, secret, Math.floor(Date.now() / 1000));
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Polls `done` every 20 ms until it is true; throws after `timeoutMs`. */
export async function waitFor(done: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
