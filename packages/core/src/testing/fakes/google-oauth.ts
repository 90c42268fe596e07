import { verify, type KeyObject } from 'node:crypto';

/**
 * Google's OAuth 2.0 token endpoint for service accounts, as documented at
 * https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests
 * ("Preparing to make an authorized API call" → "Addendum: Service account authorization without OAuth"
 * and the "JWT claim set" / "Error codes" sections).
 */
export const googleTokenAudience = 'https://oauth2.googleapis.com/token';

/** The one grant type a service account uses (RFC 7523 §2.1, named in Google's doc above). */
export const jwtBearerGrant = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** How far `iat` may be in the future (clock skew) before Google refuses the assertion. */
const skewSeconds = 300;
/** Google: "The expiration time of the assertion … This value has a maximum of 1 hour after the issued time." */
const maxLifetimeSeconds = 3_600;

/** An OAuth error answer, as Google's token endpoint sends it (HTTP 400). */
export interface OAuthError {
  error: 'invalid_grant' | 'invalid_scope' | 'unsupported_grant_type' | 'invalid_request';
  error_description: string;
}

/** The claims of a service-account assertion Google reads. */
export interface ServiceAccountClaims {
  iss: string;
  scope: string;
  aud: string;
  iat: number;
  exp: number;
  sub?: string;
}

const fail = (error: OAuthError['error'], description: string): { error: OAuthError } => ({ error: { error, error_description: description } });

function decodeSegment(segment: string | undefined): Record<string, unknown> | undefined {
  if (!segment) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a token request the way Google's token endpoint does: the JWT-bearer grant type; an RS256
 * assertion signed by the key issued to `clientEmail`; `iss` = that e-mail; `aud` = Google's token URL;
 * a non-empty `scope`; `iat`/`exp` numeric, `exp` after now and at most one hour after `iat`, `iat` not
 * in the future beyond a small skew. Google's answers (same doc, "Error codes"): `invalid_grant` with
 * "Invalid JWT Signature." or "Invalid JWT: Token must be a short-lived token (60 minutes) and in a
 * reasonable timeframe…", `invalid_scope` "Empty or missing scope not allowed.", and
 * `unsupported_grant_type` for another grant (RFC 6749 §5.2).
 *
 * @example
 * ```ts
 * const result = verifyServiceAccountGrant(new URLSearchParams(body), { publicKey, clientEmail, now: Date.now() });
 * if ('error' in result) return sendJson(response, 400, result.error);
 * ```
 */
export function verifyServiceAccountGrant(
  form: URLSearchParams,
  trusted: { publicKey: KeyObject; clientEmail: string; now: number },
): { claims: ServiceAccountClaims } | { error: OAuthError } {
  const grantType = form.get('grant_type');
  if (grantType !== jwtBearerGrant) return fail('unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  const assertion = form.get('assertion');
  if (!assertion) return fail('invalid_request', 'Missing required parameter: assertion');
  const [head, body, signature, ...rest] = assertion.split('.');
  const header = decodeSegment(head);
  const claims = decodeSegment(body);
  if (!header || !claims || signature === undefined || rest.length > 0) return fail('invalid_grant', 'Invalid JWT: the assertion is not a signed JWT.');
  if (header.alg !== 'RS256') return fail('invalid_grant', 'Invalid JWT Signature.');
  const signed = verify('RSA-SHA256', Buffer.from(`${head}.${body}`), trusted.publicKey, Buffer.from(signature, 'base64url'));
  if (!signed) return fail('invalid_grant', 'Invalid JWT Signature.');
  if (claims.iss !== trusted.clientEmail) return fail('invalid_grant', 'Invalid email or User ID');
  if (claims.aud !== googleTokenAudience) return fail('invalid_grant', `Invalid JWT: Failed audience check. The right audience is ${googleTokenAudience}`);
  const { iat, exp } = claims;
  const now = Math.floor(trusted.now / 1000);
  if (typeof iat !== 'number' || typeof exp !== 'number' || exp > iat + maxLifetimeSeconds || exp <= now || iat > now + skewSeconds || exp <= iat) {
    return fail(
      'invalid_grant',
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    );
  }
  if (typeof claims.scope !== 'string' || claims.scope.trim() === '') return fail('invalid_scope', 'Empty or missing scope not allowed.');
  return {
    claims: { iss: claims.iss, scope: claims.scope, aud: claims.aud, iat, exp, ...(typeof claims.sub === 'string' ? { sub: claims.sub } : {}) },
  };
}
