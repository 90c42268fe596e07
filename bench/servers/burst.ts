/**
 * The server under test of the `burst` case, in its own process so that its CPU, RSS and database writes are its
 * own: callwire's handler behind `toNodeListener` (webhooks in, AssemblyAI callbacks in) and a worker at default
 * settings (time-based ones scaled, see bench/burst-scenario.ts), the real call pipeline with the real SDKs against
 * the fake providers of the driver process, a SQLite store at its default durability (`synchronous=full`, WAL).
 * Configured by `BURST` (JSON, {@link BurstServerConfig}); prints `READY <url>`; answers `stats` over IPC.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { createCallPipeline, createHandler, createWorker, toNodeListener, type ChatNotifier, type JobStore } from '@callwire/core';
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { exotelRecordings } from '@callwire/core/exotel';
import { slackWebhookNotifier } from '@callwire/core/slack';
import { createSqliteStore } from '@callwire/store-sqlite';
import { scaled, type BurstServerConfig, type BurstServerStats } from '../burst-scenario.js';

const config = JSON.parse(process.env.BURST!) as BurstServerConfig;
const times = scaled(config.scale);

// Listen first: AssemblyAI's callback URL names this server.
let listener: RequestListener = (_req, res) => res.writeHead(503).end();
const server = createServer((req, res) => listener(req, res));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// The store's own connection, so that SQLite's count of changed rows is the store's.
const db = new Database(config.dbFile);
const rowsChanged = db.prepare('SELECT total_changes() AS n');
const counted = countingStore(createSqliteStore({ database: db }));

const notifier = timedNotifier(slackWebhookNotifier({ routes: config.slackRoutes, minIntervalMs: times.slackMinIntervalMs }));
const calls = createCallPipeline({
  store: counted.store,
  recordings: exotelRecordings({
    apiKey: config.exotel.apiKey,
    apiToken: config.exotel.apiToken,
    allowedHosts: [config.exotel.host],
    allowPrivateHosts: [config.exotel.host],
    notYetAvailable: times.exotelNotYetAvailable,
  }),
  transcriber: assemblyAITranscriber({
    apiKey: config.assemblyAI.apiKey,
    baseUrl: config.assemblyAI.baseUrl,
    ...times.assemblyAI,
    ...(config.transcription === 'webhook'
      ? { webhook: { url: `${url}/webhook/assemblyai`, secret: 'bench-burst-callback-secret-0123456789abcdef', timeoutMs: times.assemblyAICallbackTimeoutMs } }
      : {}),
  }),
  notifier: notifier.notifier,
  supportNumbers: ['09631084471'],
  ...(times.retry ? { retry: times.retry } : {}),
});
listener = toNodeListener(createHandler({ pipelines: [calls] }));
const worker = createWorker({ pipelines: [calls], ...times.worker });
worker.start();

let maxWaiting = 0;
const sampler = setInterval(() => {
  void counted.store.stats().then((stats) => (maxWaiting = Math.max(maxWaiting, stats.byStatus.waiting ?? 0)));
}, 100);

process.on('message', (question) => {
  if (question === 'cpu') {
    process.send!(process.cpuUsage());
    return;
  }
  if (question !== 'stats') return;
  void counted.store.stats().then((stats) => {
    const usage = process.cpuUsage();
    const answer: BurstServerStats = {
      cpuMicros: usage.user + usage.system,
      peakRssMb: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
      writes: { ...counted.writes },
      emptyClaims: counted.emptyClaims,
      rowsChanged: (rowsChanged.get() as { n: number }).n,
      maxRunning: counted.maxRunning,
      maxWaiting,
      byStatus: { ...stats.byStatus },
      slackPostMs: Math.round(notifier.postMs),
      slackPosts: notifier.posts,
    };
    process.send!(answer);
  });
});
process.on('SIGTERM', () => {
  clearInterval(sampler);
  void worker.stop({ timeoutMs: 1_000 }).finally(() => server.close(() => process.exit(0)));
});
console.log(`READY ${url}`);

/**
 * The store with its writes counted by method, and the jobs running at once: a claim starts attempts, and every
 * attempt ends in exactly one of complete, fail, park or release (or a lost lease, which this run never has).
 */
function countingStore(store: JobStore) {
  const writes: Record<string, number> = {};
  const counts = { running: 0, maxRunning: 0, emptyClaims: 0 };
  const writing = ['enqueue', 'claim', 'renew', 'saveStep', 'complete', 'fail', 'release', 'park', 'signal', 'updateInput', 'retry', 'reserveSlot'] as const;
  const ending = new Set(['complete', 'fail', 'park', 'release']);
  const wrapped = { ...store } as Record<string, unknown>;
  for (const name of writing) {
    const method = (store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[name]!.bind(store);
    wrapped[name] = async (...args: unknown[]) => {
      const result = await method(...args);
      if (name === 'claim') {
        const claimed = (result as unknown[]).length;
        if (claimed === 0) counts.emptyClaims += 1;
        else writes.claim = (writes.claim ?? 0) + 1;
        counts.running += claimed;
        counts.maxRunning = Math.max(counts.maxRunning, counts.running);
      } else {
        writes[name] = (writes[name] ?? 0) + 1;
        if (ending.has(name) && result !== false) counts.running -= 1;
      }
      return result;
    };
  }
  return {
    store: wrapped as unknown as JobStore,
    writes,
    get emptyClaims() {
      return counts.emptyClaims;
    },
    get maxRunning() {
      return counts.maxRunning;
    },
  };
}

/** The notifier with the time spent in `post` (a worker slot is held meanwhile) added up. */
function timedNotifier(inner: ChatNotifier) {
  const totals = { postMs: 0, posts: 0 };
  const notifier: ChatNotifier = {
    ...inner,
    async post(message, options) {
      const started = performance.now();
      try {
        return await inner.post(message, options);
      } finally {
        totals.postMs += performance.now() - started;
        totals.posts += 1;
      }
    },
  };
  return {
    notifier,
    get postMs() {
      return totals.postMs;
    },
    get posts() {
      return totals.posts;
    },
  };
}
