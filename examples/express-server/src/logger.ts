import type { Logger } from '@callwire/core';

/**
 * A small JSON-lines logger on stdout/stderr (use `pino()` in a real service: it has the same shape).
 * callwire hands it ids, step names and redacted error messages — never phone numbers or transcripts.
 */
export function consoleLogger(): Logger {
  const write = (level: string, stream: NodeJS.WriteStream) => (details: object, message?: string) => {
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...details }, errorFields)}\n`);
  };
  return { debug() {}, info: write('info', process.stdout), warn: write('warn', process.stderr), error: write('error', process.stderr) };
}

function errorFields(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, ...(value as { code?: string }).code ? { code: (value as { code?: string }).code } : {} } : value;
}
