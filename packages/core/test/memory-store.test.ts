import { describe, it } from 'vitest';
import { createMemoryStore, runStoreConformance } from '@callwire/core/testing';

runStoreConformance(() => createMemoryStore(), { name: 'memory store conformance', describe, it });
