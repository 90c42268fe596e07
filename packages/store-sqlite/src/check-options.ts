/** Checks `createSqliteStore`'s options at construction: a `TypeError` naming the first bad one. */
export function checkSqliteOptions(options: unknown): void {
  const bad = (option: string, words: string) => new TypeError(`createSqliteStore: option \`${option}\` ${words}.`);
  if (typeof options !== 'object' || options === null) throw new TypeError('createSqliteStore: options must be an object ({ filename } or { database }).');
  const { filename, database, busyTimeoutMs, synchronous } = options as Record<string, unknown>;
  if (filename === undefined && database === undefined) throw bad('filename', 'or `database` is required');
  if (filename !== undefined && database !== undefined) throw bad('filename', 'and `database` cannot both be set');
  if (filename !== undefined && (typeof filename !== 'string' || filename.trim() === '')) throw bad('filename', 'must be the path of the database file (or ":memory:")');
  if (database !== undefined && typeof (database as { prepare?: unknown } | null)?.prepare !== 'function') throw bad('database', 'must be a better-sqlite3 Database');
  if (busyTimeoutMs !== undefined && !(Number.isInteger(busyTimeoutMs) && (busyTimeoutMs as number) >= 0)) throw bad('busyTimeoutMs', 'must be a whole number of ms, 0 or more');
  if (synchronous !== undefined && synchronous !== 'full' && synchronous !== 'normal') throw bad('synchronous', 'must be "full" or "normal"');
}
