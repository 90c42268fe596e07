/**
 * The packages {@link createSandbox} loads: the SDK of every provider (the sandbox drives the real SDKs)
 * and `smtp-server` (its fake SMTP server). They are optional peer dependencies of `@callwire/core`, so
 * production installs carry only the SDKs they use; a project that runs the sandbox adds them as dev
 * dependencies: `npm i -D assemblyai @slack/webhook @slack/web-api @googleapis/calendar twilio nodemailer smtp-server`.
 */
export const sandboxPackages = ['assemblyai', '@slack/webhook', '@slack/web-api', '@googleapis/calendar', 'twilio', 'nodemailer', 'smtp-server'] as const;

/** Whether `error` says that `name` itself (not one of its own dependencies) is not installed. */
function isMissing(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && typeof message === 'string' && message.includes(`'${name}'`);
}

/**
 * Loads every package of {@link sandboxPackages} and throws one error naming all that are missing, with
 * the command that installs them (rather than failing on the first, deep inside a provider). Any other
 * load error is thrown as it is.
 */
export async function requireSandboxPackages(load: (name: string) => Promise<unknown> = (name) => import(name)): Promise<void> {
  const results = await Promise.allSettled(sandboxPackages.map((name) => load(name)));
  const missing: string[] = [];
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') return;
    if (!isMissing(result.reason, sandboxPackages[index]!)) throw result.reason;
    missing.push(sandboxPackages[index]!);
  });
  if (missing.length > 0) {
    throw new Error(
      `createSandbox() drives the real provider SDKs and a local SMTP server; not installed: ${missing.join(', ')}. ` +
        `Add them as dev dependencies: npm i -D ${missing.join(' ')}`,
    );
  }
}
