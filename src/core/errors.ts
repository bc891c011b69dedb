import { english, formatMessage, localize, type L10n, type MessageArgument, type MessageTemplate } from '../shared/l10n';

/**
 * An English message template and its arguments, made by `msg('… {0} …', value)`: `String()` of it
 * is the English text (the CLI's); the extension translates the template and fills in the same
 * arguments (src/shared/l10n.ts `localize`). Arguments are names, numbers and server text, never
 * translated and never secrets. A class of this bundle, so `instanceof` holds across the extension's.
 */
export class Message implements MessageTemplate {
  constructor(readonly template: string, readonly args: readonly MessageArgument[] = []) {}

  toString(): string {
    return formatMessage(this.template, this.args.map(String));
  }
}

/** Marks an English message with `{0}`, `{1}` … for translation (`npm run l10n` collects the literal). */
export function msg(template: string, ...args: MessageArgument[]): Message {
  return new Message(template, args);
}

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
  /** What the user can do about it (English). */
  readonly hint?: string;
  /** The message and hint as marked for translation (`msg('…', …)`), when they were. */
  readonly localizable: { message?: Message; hint?: Message };

  /**
   * `message` and `hint` are English text, or `msg('… {0} …', value)` so the extension can show them
   * translated; `message` and `hint` hold the English either way (the CLI prints them).
   */
  constructor(
    readonly code: ErrorCode,
    message: string | Message,
    hint?: string | Message,
    options?: { cause?: unknown },
  ) {
    super(String(message), options);
    if (hint !== undefined) this.hint = String(hint);
    this.localizable = { ...(message instanceof Message ? { message } : {}), ...(hint instanceof Message ? { hint } : {}) };
  }

  /** The message as `l10n` shows it: translated where it was marked with msg(), else English. */
  messageIn(l10n: L10n): string {
    return this.localizable.message ? localize(l10n, this.localizable.message) : this.message;
  }

  /** The hint as `l10n` shows it (undefined without one). */
  hintIn(l10n: L10n): string | undefined {
    return this.localizable.hint ? localize(l10n, this.localizable.hint) : this.hint;
  }

  /** The message and the hint on one line, as shown to a person: English, or translated by `l10n` where marked. */
  describe(l10n: L10n = english): string {
    const hint = this.hintIn(l10n);
    return hint ? `${this.messageIn(l10n)} ${hint}` : this.messageIn(l10n);
  }
}

/** An RFC 6749 §5.2 error response from a token endpoint. */
export class OAuthErrorResponse extends OAuthJwtError {
  override readonly name = 'OAuthErrorResponse';
  constructor(
    readonly status: number,
    readonly error: string,
    readonly errorDescription: string | undefined,
    hint: string | Message,
    /** The server's `Date` header, kept to explain clock skew. */
    readonly serverDate?: string,
  ) {
    // The status, error code and description are the server's, never translated.
    super('OAUTH_ERROR', errorDescription ? msg('The token endpoint answered {0} {1}: {2}.', status, error, errorDescription) : msg('The token endpoint answered {0} {1}.', status, error), hint);
  }
}

export function isOAuthJwtError(value: unknown): value is OAuthJwtError {
  return value instanceof OAuthJwtError;
}

/** Wraps anything thrown into an OAuthJwtError without copying a foreign message that might hold a secret. */
export function asOAuthJwtError(value: unknown, fallback: ErrorCode, message: string | Message, hint?: string | Message): OAuthJwtError {
  if (value instanceof OAuthJwtError) return value;
  return new OAuthJwtError(fallback, message, hint, { cause: value });
}
