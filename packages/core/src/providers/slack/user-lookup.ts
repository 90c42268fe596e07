/** What {@link createSlackUserLookup} needs: a `users.lookupByEmail` call (a `WebClient`'s `users.lookupByEmail`). */
export type LookupByEmail = (email: string) => Promise<{ user?: { id?: string } }>;

/** Options of {@link createSlackUserLookup}. */
export interface SlackUserLookupOptions {
  /** How long an answer (a user id, or "no such user") is kept, in ms. */
  ttlMs: number;
  now?: () => number;
}

/** Finds Slack user ids by e-mail, each answer kept for a while. */
export interface SlackUserLookup {
  /** The user id of `email`, or `undefined` when Slack knows no user with it (`users_not_found`). Other errors throw. */
  idOf(email: string): Promise<string | undefined>;
}

/**
 * A per-process cache in front of `users.lookupByEmail` (scope `users:read.email`,
 * https://api.slack.com/methods/users.lookupByEmail): each e-mail is looked up at most once per `ttlMs`,
 * concurrent lookups of one e-mail share one request, and Slack's `users_not_found` is kept as "no user"
 * (so an unknown agent costs one request per TTL, not one per call). Any other error is not kept.
 *
 * @example
 * ```ts
 * const users = createSlackUserLookup((email) => client.users.lookupByEmail({ email }), { ttlMs: 3_600_000 });
 * await users.idOf('ravi@acme.in'); // 'U05RAVI456'
 * ```
 */
export function createSlackUserLookup(lookup: LookupByEmail, { ttlMs, now = Date.now }: SlackUserLookupOptions): SlackUserLookup {
  const answers = new Map<string, { id: Promise<string | undefined>; until: number }>();
  return {
    idOf(email) {
      const key = email.trim().toLowerCase();
      const kept = answers.get(key);
      if (kept && kept.until > now()) return kept.id;
      const id = lookup(email.trim()).then(
        (result) => result.user?.id,
        (error: unknown) => {
          if ((error as { data?: { error?: string } }).data?.error === 'users_not_found') return undefined;
          answers.delete(key);
          throw error;
        },
      );
      answers.set(key, { id, until: now() + ttlMs });
      return id;
    },
  };
}
