/**
 * @callwire/core/testing — what tests of callwire and of code built on it need: an in-memory store,
 * the store conformance suite for store authors, and local fake provider servers.
 */
export { createMemoryStore } from '../testing/memory-store.js';
export { runStoreConformance, storeConformanceChecks } from '../testing/store-conformance.js';
export type { ConformanceContext, MakeStore, StoreCheck, StoreConformanceOptions, TestRegistrar } from '../testing/store-conformance.js';
