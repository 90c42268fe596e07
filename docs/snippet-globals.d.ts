/**
 * Placeholders the documentation's snippets may use without defining them: things a reader already
 * has at that point (a store, the pipelines). Typed with the real API, so snippets still type-check.
 * Keep this list short; a snippet that needs more should define it.
 */
declare const store: import('@callwire/core').JobStore;
declare const calls: import('@callwire/core').CallPipeline;
declare const appointments: import('@callwire/core').AppointmentPipeline;
declare const handler: import('@callwire/core').CallwireHandler;
declare const logger: import('@callwire/core').Logger;
