/** `pnpm --filter @callwire/example-custom-host start`: node:http on PORT (default 8000). */
import { createCallwire } from './callwire.js';
import { nodeServer } from './node-app.js';

const callwire = await createCallwire();
callwire.worker.start();
const server = nodeServer(callwire.handler).listen(Number(process.env.PORT ?? 8000), () => console.log(`node:http serving callwire on :${process.env.PORT ?? 8000} (providers: local sandbox)`));
process.on('SIGTERM', () => server.close(() => void callwire.close()));
