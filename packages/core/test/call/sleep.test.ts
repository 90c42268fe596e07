import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { sleep } from '../../src/call/sleep.js';

const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
beforeEach(() => {
  warnings.length = 0;
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
});

it('50 sleeps on one signal leave no abort listener behind and raise no MaxListenersExceededWarning', async () => {
  const controller = new AbortController();
  for (let index = 0; index < 50; index++) await sleep(0, controller.signal);
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
  expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
});

it('sleeps running side by side on one signal each remove their listener when they end', async () => {
  const controller = new AbortController();
  await Promise.all(Array.from({ length: 5 }, (_, index) => sleep(index, controller.signal)));
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
});

it('rejects with the signal reason when aborted, during the sleep or before it', async () => {
  const controller = new AbortController();
  const reason = new Error('lease lost');
  const pending = sleep(60_000, controller.signal);
  controller.abort(reason);
  await expect(pending).rejects.toBe(reason);
  await expect(sleep(10, controller.signal)).rejects.toBe(reason);
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
});
