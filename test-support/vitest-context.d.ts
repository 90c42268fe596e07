import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server every test file shares (`DATABASE_URL`, or an embedded one started by the global setup). */
    databaseUrl: string;
  }
}
