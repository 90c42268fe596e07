import type { JobStore } from '../engine/types.js';

/** Makes a fresh, empty store for one check. */
export type MakeStore = () => JobStore | Promise<JobStore>;

/** What each check gets. */
export interface ConformanceContext {
  makeStore: MakeStore;
  /** Opens a new store over the same data as `closed` (same file or database), when the store persists. */
  reopen?: (closed: JobStore) => Promise<JobStore>;
}

/** One named check of the store contract; `run` rejects when the store breaks it. */
export interface StoreCheck {
  name: string;
  run(context: ConformanceContext): Promise<void>;
}

/** Runs `body` on a fresh store from `makeStore`, and closes the store after it, whatever happens. */
export async function withStore(makeStore: MakeStore, body: (store: JobStore) => Promise<void>): Promise<void> {
  const store = await makeStore();
  try {
    await body(store);
  } finally {
    await store.close();
  }
}
