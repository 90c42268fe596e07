import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server listening on loopback: its base URL (no trailing slash) and how to stop it. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** One request a fake received. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Serves a Node request listener (a fake provider, `toNodeListener(handler)`, an Express app) on
 * 127.0.0.1 at a free port. A listener that rejects answers 500 instead of crashing the test.
 *
 * @example
 * ```ts
 * const server = await listen(toNodeListener(handler));
 * await fetch(`${server.url}/health`);
 * await server.close();
 * ```
 */
export async function listen(listener: (req: IncomingMessage, res: ServerResponse) => unknown): Promise<LocalServer> {
  const server = createServer((req, res) => {
    Promise.resolve(listener(req, res)).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads a request body whole (fakes only: their bodies are small). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Writes a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Records a request's method, path and headers. */
export function received(req: IncomingMessage): ReceivedRequest {
  return { method: req.method ?? 'GET', path: req.url ?? '/', headers: { ...req.headers } };
}
