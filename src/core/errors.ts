/**
 * One error base with a stable `code`. The VS Code layer maps codes to
 * notifications and actions; the CLI maps them to stderr text and exit codes.
 * Messages say what went wrong; `hint` says what to do. Neither ever holds a secret.
 */
export type ErrorCode =
  // input
  | 'INPUT_TOO_LARGE'
  | 'INVALID_JSON'
  | 'INVALID_PEM'
  | 'NOT_A_PRIVATE_KEY'
  | 'KEY_TOO_SMALL'
  | 'UNSUPPORTED_KEY'
  | 'PASSPHRASE_REQUIRED'
  | 'BAD_PASSPHRASE'
  | 'INVALID_JWK'
  | 'INVALID_TOKEN'
  | 'INVALID_CLAIMS'
  | 'ALG_NONE'
  | 'ALG_MISMATCH'
  | 'SIGNATURE_INVALID'
  | 'CLAIM_CHECK_FAILED'
  | 'INVALID_URL'
  | 'INSECURE_URL'
  | 'INVALID_OPTION'
  | 'PROFILE_INVALID'
  | 'PROFILE_NOT_FOUND'
  | 'MISSING_SECRET'
  // files and certificates
  | 'FILE_EXISTS'
  | 'FILE_IO'
  | 'CERTIFICATE_FAILED'
  | 'CERTIFICATE_MISMATCH'
  // the editor's surroundings
  | 'SECRET_STORAGE'
  | 'UNTRUSTED_WORKSPACE'
  | 'ORIGIN_NOT_CONFIRMED'
  | 'NO_KEY'
  // the integrated terminal's handle to the extension (oauth-jwt token --profile without --key)
  | 'TERMINAL_DENIED'
  | 'TERMINAL_REFUSED'
  | 'TERMINAL_UNAVAILABLE'
  // network and token endpoint
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'NETWORK'
  | 'TLS'
  | 'REDIRECT'
  | 'RESPONSE_TOO_LARGE'
  | 'HTTP_STATUS'
  | 'BAD_RESPONSE'
  | 'NO_ACCESS_TOKEN'
  | 'OAUTH_ERROR';

export class OAuthJwtError extends Error {
  override readonly name: string = 'OAuthJwtError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What the user can do about it. */
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The message and the hint on one line, as shown to a person. */
  describe(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }
}

/** An RFC 6749 §5.2 error response from a token endpoint. */
export class OAuthErrorResponse extends OAuthJwtError {
  override readonly name = 'OAuthErrorResponse';
  constructor(
    readonly status: number,
    readonly error: string,
    readonly errorDescription: string | undefined,
    hint: string,
    /** The server's `Date` header, kept to explain clock skew. */
    readonly serverDate?: string,
  ) {
    super('OAUTH_ERROR', `The token endpoint answered ${status} ${error}${errorDescription ? `: ${errorDescription}` : ''}.`, hint);
  }
}

export function isOAuthJwtError(value: unknown): value is OAuthJwtError {
  return value instanceof OAuthJwtError;
}

/** Wraps anything thrown into an OAuthJwtError without copying a foreign message that might hold a secret. */
export function asOAuthJwtError(value: unknown, fallback: ErrorCode, message: string, hint?: string): OAuthJwtError {
  if (value instanceof OAuthJwtError) return value;
  return new OAuthJwtError(fallback, message, hint, { cause: value });
}
