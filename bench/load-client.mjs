// The load generator of `pnpm bench`, run in its own process: autocannon's API with the request given
// as JSON in LOAD (url, connections, duration, body). When `unique` is set, every request's body gets
// a fresh id in place of `{{id}}` (Content-Length is recomputed, unlike autocannon's -I). Prints the
// autocannon result as JSON.
import autocannon from 'autocannon';

const { url, connections, duration, body, unique } = JSON.parse(process.env.LOAD);
let counter = 0;
const prefix = `${process.pid}-${Date.now()}`;
const result = await autocannon({
  url,
  connections,
  duration,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
  requests: unique ? [{ setupRequest: (request) => ({ ...request, body: body.replace('{{id}}', `${prefix}-${counter++}`) }) }] : undefined,
});
process.stdout.write(JSON.stringify(result));
