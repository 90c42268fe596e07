import { request } from 'node:http';
import { listen, type LocalServer } from '@callwire/core/testing';

/** What the proxy does with one request: forward it, never answer, reset the connection, or answer a status. */
export type Fault = 'pass' | 'hang' | 'reset' | { status: number; headers?: Record<string, string>; body?: string };

export interface FaultProxy extends LocalServer {
  /** Queues faults for the next requests whose path starts with `pathPrefix` (default: any). */
  plan(faults: Fault[], pathPrefix?: string): void;
  /** Every request seen, with the fault applied. */
  log: { method: string; path: string; fault: string }[];
}

/**
 * A loopback HTTP proxy in front of a fake provider that injects faults: a request it "hangs" is
 * never answered (the client's timeout must fire), a "reset" destroys the socket mid-request.
 */
export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const queues: { prefix: string; faults: Fault[] }[] = [];
  const log: FaultProxy['log'] = [];
  const hanging = new Set<import('node:http').ServerResponse>();
  const server = await listen((req, res) => {
    const path = req.url ?? '/';
    const queue = queues.find((q) => q.faults.length > 0 && path.startsWith(q.prefix));
    const fault = queue?.faults.shift() ?? 'pass';
    log.push({ method: req.method ?? 'GET', path, fault: typeof fault === 'string' ? fault : `status ${fault.status}` });
    if (fault === 'hang') {
      req.resume();
      hanging.add(res);
      return;
    }
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (typeof fault === 'object') {
      req.resume();
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers }).end(fault.body ?? JSON.stringify({ error: `injected ${fault.status}` }));
      return;
    }
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  return {
    ...server,
    log,
    plan(faults, prefix = '') {
      queues.push({ prefix, faults: [...faults] });
    },
    async close() {
      for (const res of hanging) res.destroy();
      await server.close();
    },
  };
}
