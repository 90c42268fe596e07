/** The fields of a Google service-account key callwire uses. */
export interface ServiceAccountKey {
  /** The service account's e-mail address. */
  client_email: string;
  /** The service account's private key (PEM). */
  private_key: string;
  /** The key's id. */
  private_key_id?: string | undefined;
  /** The Google Cloud project. */
  project_id?: string | undefined;
  /** Where the signed JWT is exchanged for an access token (default Google's). */
  token_uri?: string | undefined;
}

export const googleTokenUrl = 'https://oauth2.googleapis.com/token';

/**
 * Reads a service-account key given as an object, its JSON text, or that JSON in base64 (as it is
 * often kept in environment variables).
 *
 * @example
 * ```ts
 * parseServiceAccount(process.env.GOOGLE_SERVICE_ACCOUNT_B64!);
 * ```
 */
export function parseServiceAccount(credentials: string | ServiceAccountKey): ServiceAccountKey {
  let key: unknown = credentials;
  if (typeof credentials === 'string') {
    const text = credentials.trim();
    const json = text.startsWith('{') ? text : Buffer.from(text, 'base64').toString('utf8');
    try {
      key = JSON.parse(json);
    } catch {
      throw new TypeError('Google credentials must be service-account JSON, or that JSON in base64.');
    }
  }
  const record = key as Partial<ServiceAccountKey> | null;
  if (!record || typeof record.client_email !== 'string' || typeof record.private_key !== 'string') {
    throw new TypeError('Google credentials need client_email and private_key (a service-account key).');
  }
  if (record.token_uri !== undefined) new URL(record.token_uri);
  return record as ServiceAccountKey;
}
