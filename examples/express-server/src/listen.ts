import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** The URL of the address a server really listens on (`http://[::1]:8000` for IPv6). */
export function listeningUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * Starts `app` on `port` (0 = any free port) and `host` (default `127.0.0.1`: only this machine; set
 * `0.0.0.0` to serve the network); resolves with the server and the URL of the address it really listens on.
 */
export function listenOn(app: Express, port: number, host = '127.0.0.1'): Promise<{ server: Server; url: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error) return reject(error);
      resolve({ server, url: listeningUrl(server.address() as AddressInfo) });
    });
  });
}

/** Closes `server`: stops accepting, ends idle keep-alive connections, waits for open requests. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
