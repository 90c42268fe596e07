/** Checks `createPostgresStore`'s options at construction: a `TypeError` naming the first bad one. */
export function checkPostgresOptions(options: unknown): void {
  const bad = (option: string, words: string) => new TypeError(`createPostgresStore: option \`${option}\` ${words}.`);
  if (typeof options !== 'object' || options === null) throw new TypeError('createPostgresStore: options must be an object ({ connectionString } or { pool }).');
  const { connectionString, pool, maxConnections, schema } = options as Record<string, unknown>;
  if (connectionString === undefined && pool === undefined) throw bad('connectionString', 'or `pool` is required');
  if (connectionString !== undefined && pool !== undefined) throw bad('connectionString', 'and `pool` cannot both be set');
  if (connectionString !== undefined && (typeof connectionString !== 'string' || connectionString.trim() === '')) {
    throw bad('connectionString', 'must be a PostgreSQL connection string, e.g. postgres://user:password@host:5432/db');
  }
  const methods = ['query', 'connect', 'end'];
  if (pool !== undefined && !methods.every((name) => typeof (pool as Record<string, unknown> | null)?.[name] === 'function')) throw bad('pool', 'must be a pg Pool (query, connect, end)');
  if (maxConnections !== undefined && !(Number.isInteger(maxConnections) && (maxConnections as number) >= 1)) throw bad('maxConnections', 'must be a whole number of at least 1');
  if (schema !== undefined && (typeof schema !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema))) throw bad('schema', 'must be a plain identifier (letters, digits, "_")');
}
